// ImportGraph from the client side: one client stream that writes the given
// batches in order, one write in flight at a time (the server reads one
// message, stores it, then asks for the next: HTTP/2 flow control paces the
// client), on gRPC's callback API. Blocks until the summary arrives or the
// deadline passes.
// With a `mode` other than UNSPECIFIED, an empty first message carrying it
// goes before the batches (the server reads the mode from the first message);
// in IMPORT_MODE_BULK an empty message with `commit` set goes after them (the
// server commits a bulk stream only on that explicit marker).
// Thread-safety: one call per invocation; `batches` must not change meanwhile.
#ifndef EVIDENCEGRAPH_BENCH_SERVICE_IMPORT_CLIENT_H_
#define EVIDENCEGRAPH_BENCH_SERVICE_IMPORT_CLIENT_H_

#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "evidencegraph/v1/graph_service.grpc.pb.h"

namespace evidencegraph::bench {

absl::StatusOr<v1::ImportGraphResponse> ImportBatches(
    v1::GraphService::Stub& stub, const std::vector<v1::ImportGraphRequest>& batches,
    absl::Duration deadline, v1::ImportMode mode = v1::IMPORT_MODE_UNSPECIFIED);

}  // namespace evidencegraph::bench

#endif  // EVIDENCEGRAPH_BENCH_SERVICE_IMPORT_CLIENT_H_
