// Server-generated node ids for CreateNode requests without node_id.
//
// An id is a readable slug of the node's main text (display_title, else the
// claim statement, citation title, expert name, critique text or source
// title) plus a random suffix: "massage-reduces-inflammation-k3x9q2". The
// slug makes names recognisable in lists and pictures; the suffix (36^6
// values) makes collisions between equal titles unlikely, and a collision is
// reported as ALREADY_EXISTS by storage rather than overwriting anything.
// Every generated id satisfies common/resource_names.h IsValidId.
// Thread-safety: thread-safe (per-thread random generator).
#ifndef EVIDENCEGRAPH_SERVICES_NODE_IDS_H_
#define EVIDENCEGRAPH_SERVICES_NODE_IDS_H_

#include <string>

#include "absl/strings/string_view.h"
#include "evidencegraph/v1/resources.pb.h"

namespace evidencegraph::services {

// Lowercase [a-z0-9] runs of `text` joined by '-', at most `max_length`
// characters, cut at a word boundary when possible. May be empty.
std::string Slugify(absl::string_view text, size_t max_length);

// A fresh id for `node` (see above).
std::string GenerateNodeId(const v1::Node& node);

}  // namespace evidencegraph::services

#endif  // EVIDENCEGRAPH_SERVICES_NODE_IDS_H_
