// Text terms: how claim text is cut into searchable terms.
//
// One tokenizer serves the term index (at write time) and SearchClaims (at
// query time), so both sides agree byte for byte; other layers may use it to
// highlight matches. The rules:
//   - input is UTF-8; invalid bytes separate terms (never a crash);
//   - letters are lowercased and accents folded for Latin-1 Supplement and
//     Latin Extended-A (é->e, Ü->u, ß->ss, æ->ae, œ->oe, ł->l, þ->th, ...);
//     combining marks (U+0300-U+036F) are dropped so decomposed "e\u0301"
//     folds like "é"; superscript digits become digits; basic Greek and
//     Cyrillic capitals are lowercased; other scripts' letters are kept as is;
//   - terms are maximal runs of letters and digits: everything else
//     (ASCII punctuation, spaces, Latin-1 symbols, general punctuation,
//     dashes, quotes, CJK punctuation) separates them;
//   - terms of one character are dropped (they carry no meaning in search);
//   - a term is cut to at most kMaxTermBytes bytes (on a character boundary).
// Terms never contain 0x00, so they are valid key components.
// Thread-safety: stateless functions.
#ifndef EVIDENCEGRAPH_STORAGE_TEXT_TERMS_H_
#define EVIDENCEGRAPH_STORAGE_TEXT_TERMS_H_

#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/strings/string_view.h"

namespace evidencegraph::storage {

inline constexpr size_t kMaxTermBytes = 64;

// Calls `emit` with each term of `text`, in order, duplicates included. The
// view is valid only during the call.
void ForEachTerm(absl::string_view text,
                 absl::FunctionRef<void(absl::string_view)> emit);

// The terms of `text`, in order, duplicates included.
std::vector<std::string> TextTerms(absl::string_view text);

}  // namespace evidencegraph::storage

#endif  // EVIDENCEGRAPH_STORAGE_TEXT_TERMS_H_
