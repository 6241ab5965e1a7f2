// SerializedRecord: one stored node or edge as the bytes of its serialised
// public message (what SerializeToString gives for the v1::Node / v1::Edge
// that GetNode / GetEdge return), in two pieces so a record whose stored
// value is most of its message is not copied to be handed out: the message
// is `head` followed by `body`. Produced by storage/keys.h, handed out by
// GraphSnapshot::ScanSerialized (storage/graph_store.h) for ExportGraph.
//
// Ownership: views into a scanned value or a scan's scratch buffer; valid
// only until the scan moves on.
#ifndef EVIDENCEGRAPH_STORAGE_SERIALIZED_RECORD_H_
#define EVIDENCEGRAPH_STORAGE_SERIALIZED_RECORD_H_

#include <cstddef>

#include "absl/strings/string_view.h"

namespace evidencegraph::storage {

struct SerializedRecord {
  absl::string_view head;
  absl::string_view body;
  // The serialised message's size (its ByteSizeLong()).
  size_t size() const { return head.size() + body.size(); }
};

}  // namespace evidencegraph::storage

#endif  // EVIDENCEGRAPH_STORAGE_SERIALIZED_RECORD_H_
