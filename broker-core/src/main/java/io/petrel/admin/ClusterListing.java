package io.petrel.admin;

import java.util.List;

/**
 * clusterList's data: one row per broker address, clusters and broker names sorted, ids in
 * order, and the admin node's clock when the rows were read (for the "#Hour" column, the age of
 * each broker's oldest message).
 */
public record ClusterListing(List<ClusterRow> rows, long nowMs) {
}
