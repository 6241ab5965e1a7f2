// The secondary indexes of a node: label_index and term_index entries plus
// the search statistics, kept in step with the node in the same write.
//
// A claim's indexed text is its statement and display_title, cut into terms
// by storage/text_terms.h; each (term, claim) gets one posting with the term
// frequency and the text's length in terms. Every claim counts as one search
// document (stat "claim_docs"); "claim_terms" sums the lengths (BM25's
// average document length). Labels index every node kind.
// Thread-safety: stateless functions; the sink is the caller's.
#ifndef EVIDENCEGRAPH_STORAGE_NODE_INDEX_H_
#define EVIDENCEGRAPH_STORAGE_NODE_INDEX_H_

#include <cstdint>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "evidencegraph/v1/resources.pb.h"
#include "storage/mutation_sink.h"

namespace evidencegraph::storage {

struct IndexedText {
  absl::flat_hash_map<std::string, uint32_t> term_frequency;
  uint32_t length = 0;  // number of terms, duplicates included
};

// The indexed text of `node`: empty for nodes that are not claims.
IndexedText IndexedTextOf(const v1::Node& node);

// INVALID_ARGUMENT naming `field` when a label is empty or contains 0x00
// (the label rules proper are the service's; this guards the key encoding).
absl::Status CheckLabelsEncodable(const v1::Node& node, absl::string_view field);

// Writes the index changes that turn `before` into `after`: null `before` is
// a create, null `after` a delete. Both null is a no-op.
absl::Status UpdateNodeIndexes(const v1::Node* before, const v1::Node* after,
                               MutationSink& sink);

}  // namespace evidencegraph::storage

#endif  // EVIDENCEGRAPH_STORAGE_NODE_INDEX_H_
