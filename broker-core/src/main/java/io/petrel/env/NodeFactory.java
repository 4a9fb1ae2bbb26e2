package io.petrel.env;

/** Builds a node from its environment; called on the node's loop at every (re)start. */
@FunctionalInterface
public interface NodeFactory {

    Node create(Env env);
}
