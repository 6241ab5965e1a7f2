#include "storage/node_index.h"

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "storage/keys.h"
#include "storage/text_terms.h"

namespace evidencegraph::storage {
namespace {

using keys::Family;

absl::flat_hash_set<absl::string_view> LabelSet(const v1::Node* node) {
  absl::flat_hash_set<absl::string_view> labels;
  if (node == nullptr) return labels;
  for (const std::string& label : node->labels()) labels.insert(label);
  return labels;
}

bool IsClaim(const v1::Node* node) {
  return node != nullptr && node->payload_case() == v1::Node::kClaim;
}

}  // namespace

IndexedText IndexedTextOf(const v1::Node& node) {
  IndexedText text;
  if (node.payload_case() != v1::Node::kClaim) return text;
  auto add = [&](absl::string_view term) {
    ++text.term_frequency[term];
    ++text.length;
  };
  ForEachTerm(node.claim().statement(), add);
  ForEachTerm(node.display_title(), add);
  return text;
}

absl::Status CheckLabelsEncodable(const v1::Node& node, absl::string_view field) {
  for (int i = 0; i < node.labels_size(); ++i) {
    const std::string& label = node.labels(i);
    if (label.empty() || !keys::IsKeyComponent(label)) {
      return InvalidField(absl::StrCat(field, "[", i, "]"),
                          "a label must be non-empty and contain no NUL byte");
    }
  }
  return absl::OkStatus();
}

absl::Status UpdateNodeIndexes(const v1::Node* before, const v1::Node* after,
                               MutationSink& sink) {
  if (before == nullptr && after == nullptr) return absl::OkStatus();
  const std::string& name = after != nullptr ? after->name() : before->name();

  // Labels: remove the ones that went, add the ones that came.
  const absl::flat_hash_set<absl::string_view> old_labels = LabelSet(before);
  const absl::flat_hash_set<absl::string_view> new_labels = LabelSet(after);
  for (absl::string_view label : old_labels) {
    if (!new_labels.contains(label)) {
      RETURN_IF_ERROR(sink.Delete(Family::kLabelIndex, keys::LabelKey(label, name)));
    }
  }
  for (absl::string_view label : new_labels) {
    if (!old_labels.contains(label)) {
      RETURN_IF_ERROR(sink.PutOwned(Family::kLabelIndex, keys::LabelKey(label, name), ""));
    }
  }

  // Terms: only claims are indexed.
  if (!IsClaim(before) && !IsClaim(after)) return absl::OkStatus();
  const IndexedText old_text = before != nullptr ? IndexedTextOf(*before) : IndexedText();
  const IndexedText new_text = after != nullptr ? IndexedTextOf(*after) : IndexedText();
  const bool length_changed = old_text.length != new_text.length;
  for (const auto& [term, tf] : old_text.term_frequency) {
    if (!new_text.term_frequency.contains(term)) {
      RETURN_IF_ERROR(sink.Delete(Family::kTermIndex, keys::TermKey(term, name)));
    }
  }
  for (const auto& [term, tf] : new_text.term_frequency) {
    auto old = old_text.term_frequency.find(term);
    // Postings carry the document length, so a length change rewrites all.
    if (length_changed || old == old_text.term_frequency.end() || old->second != tf) {
      RETURN_IF_ERROR(sink.PutOwned(Family::kTermIndex, keys::TermKey(term, name),
                                    keys::EncodePosting({tf, new_text.length})));
    }
  }

  const int64_t doc_delta =
      static_cast<int64_t>(IsClaim(after)) - static_cast<int64_t>(IsClaim(before));
  const int64_t term_delta =
      static_cast<int64_t>(new_text.length) - static_cast<int64_t>(old_text.length);
  if (doc_delta != 0) {
    RETURN_IF_ERROR(sink.Merge(Family::kMeta, keys::StatKey(keys::kStatClaimDocs),
                               keys::EncodeCounter(doc_delta)));
  }
  if (term_delta != 0) {
    RETURN_IF_ERROR(sink.Merge(Family::kMeta, keys::StatKey(keys::kStatClaimTerms),
                               keys::EncodeCounter(term_delta)));
  }
  return absl::OkStatus();
}

}  // namespace evidencegraph::storage
