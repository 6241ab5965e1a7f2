// One batch of a walk as the typed Traverse method built it before the
// stream was written from the walk's views (services/traverse_stream.h): a
// TraverseResponse holding the batch's visits, moved in. The Traverse stream
// tests hold the written bytes to it, and eg_bench_profile
// --op=traverse_proto measures it for comparison. No gtest here: the bench
// includes it too.
#ifndef EVIDENCEGRAPH_TESTS_SERVICES_TRAVERSE_RESPONSE_H_
#define EVIDENCEGRAPH_TESTS_SERVICES_TRAVERSE_RESPONSE_H_

#include <utility>
#include <vector>

#include "evidencegraph/v1/query_service.pb.h"
#include "query/traverse.h"

namespace evidencegraph::services::testing {

// `batch` is what walk.NextBatch() gave, `done` what it returned; the
// visits' strings are moved out of `batch`.
inline v1::TraverseResponse TraverseResponseOf(std::vector<query::Visit>& batch,
                                               const query::Traversal& walk, bool done) {
  v1::TraverseResponse message;
  for (query::Visit& visit : batch) {
    v1::VisitedVertex* v = message.add_vertices();
    v->set_name(std::move(visit.name));
    v->set_kind(visit.kind);
    v->set_depth(visit.depth);
    v->set_via_edge(std::move(visit.via_edge));
    v->set_via_kind(visit.via_kind);
    v->set_parent(std::move(visit.parent));
    v->set_via_outgoing(visit.via_outgoing);
  }
  message.set_revision(walk.revision());
  if (done) {
    message.set_done(true);
    message.set_truncated(walk.truncated());
    message.set_truncation_reason(walk.truncation_reason());
    message.set_edges_scanned(walk.edges_scanned());
  }
  return message;
}

}  // namespace evidencegraph::services::testing

#endif  // EVIDENCEGRAPH_TESTS_SERVICES_TRAVERSE_RESPONSE_H_
