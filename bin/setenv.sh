#!/bin/sh
# This host's environment for Petrel, sourced by every bin/ script before it does anything else:
# the place for what RocketMQ runbooks put in bin/setenv.sh (and ~/.bash_profile). As shipped it
# sets nothing: the scripts find Java on the PATH and their installation from their own location,
# which is all a single-host trial needs. Uncomment and edit what this host needs.

# The JDK (17 or newer); without it, the java on the PATH.
#export JAVA_HOME=/root/jdk/java

# The installation; without it, the directory above bin/. ROCKETMQ_HOME is honoured too when it
# points at a Petrel installation, and the scripts set both to the same directory.
#export PETREL_HOME=/opt/petrel
#export ROCKETMQ_HOME=/opt/petrel

# NameServers for mqadmin (its -n) and for brokers whose file sets no namesrvAddr (their -n).
#export NAMESRV_ADDR="192.168.133.128:10401;192.168.133.130:10401"

# Server logs and GC logs (default ~/logs/petrel); pid files read by bin/mqshutdown (default ~/.petrel/run).
#export PETREL_LOG_DIR=/data/petrel/logs
#export PETREL_PID_DIR=/data/petrel/run

# JVM sizing of bin/runserver.sh and bin/runbroker.sh: the heap is a quarter of the machine's (or
# the container's) memory, at least 256 MiB and at most PETREL_MAX_HEAP_MB (1024 for a NameServer,
# 2048 for a broker, whose messages live in memory-mapped files outside the heap). JAVA_OPT
# replaces the heap and GC options altogether; GC logging stays on.
#export PETREL_MAX_HEAP_MB=4096
#export JAVA_OPT="-Xms4g -Xmx4g -XX:+UseG1GC"
