#include "storage/text_terms.h"

#include <array>
#include <cstdint>

namespace evidencegraph::storage {
namespace {

// Folded ASCII forms of U+00C0..U+017F; nullptr = not a letter (× ÷).
struct FoldRange {
  uint32_t first;
  uint32_t last;
  const char* folded;
};

constexpr FoldRange kFoldRanges[] = {
    // Latin-1 Supplement letters.
    {0x00C0, 0x00C5, "a"}, {0x00C6, 0x00C6, "ae"}, {0x00C7, 0x00C7, "c"},
    {0x00C8, 0x00CB, "e"}, {0x00CC, 0x00CF, "i"}, {0x00D0, 0x00D0, "d"},
    {0x00D1, 0x00D1, "n"}, {0x00D2, 0x00D6, "o"}, {0x00D7, 0x00D7, nullptr},
    {0x00D8, 0x00D8, "o"}, {0x00D9, 0x00DC, "u"}, {0x00DD, 0x00DD, "y"},
    {0x00DE, 0x00DE, "th"}, {0x00DF, 0x00DF, "ss"}, {0x00E0, 0x00E5, "a"},
    {0x00E6, 0x00E6, "ae"}, {0x00E7, 0x00E7, "c"}, {0x00E8, 0x00EB, "e"},
    {0x00EC, 0x00EF, "i"}, {0x00F0, 0x00F0, "d"}, {0x00F1, 0x00F1, "n"},
    {0x00F2, 0x00F6, "o"}, {0x00F7, 0x00F7, nullptr}, {0x00F8, 0x00F8, "o"},
    {0x00F9, 0x00FC, "u"}, {0x00FD, 0x00FD, "y"}, {0x00FE, 0x00FE, "th"},
    {0x00FF, 0x00FF, "y"},
    // Latin Extended-A.
    {0x0100, 0x0105, "a"}, {0x0106, 0x010D, "c"}, {0x010E, 0x0111, "d"},
    {0x0112, 0x011B, "e"}, {0x011C, 0x0123, "g"}, {0x0124, 0x0127, "h"},
    {0x0128, 0x0131, "i"}, {0x0132, 0x0133, "ij"}, {0x0134, 0x0135, "j"},
    {0x0136, 0x0138, "k"}, {0x0139, 0x0142, "l"}, {0x0143, 0x014B, "n"},
    {0x014C, 0x0151, "o"}, {0x0152, 0x0153, "oe"}, {0x0154, 0x0159, "r"},
    {0x015A, 0x0161, "s"}, {0x0162, 0x0167, "t"}, {0x0168, 0x0173, "u"},
    {0x0174, 0x0175, "w"}, {0x0176, 0x0178, "y"}, {0x0179, 0x017E, "z"},
    {0x017F, 0x017F, "s"},
};

constexpr uint32_t kFoldFirst = 0x00C0;
constexpr uint32_t kFoldLast = 0x017F;

using FoldTable = std::array<const char*, kFoldLast - kFoldFirst + 1>;

const FoldTable& Folds() {
  static const FoldTable table = [] {
    FoldTable t{};
    for (const FoldRange& r : kFoldRanges) {
      for (uint32_t cp = r.first; cp <= r.last; ++cp) t[cp - kFoldFirst] = r.folded;
    }
    return t;
  }();
  return table;
}

// Ranges of punctuation and symbols beyond Latin-1 that separate terms.
constexpr std::pair<uint32_t, uint32_t> kSeparatorRanges[] = {
    {0x2000, 0x2BFF},    // general punctuation, super/subscripts, currency,
                         // letterlike, arrows, math, technical, shapes
    {0x2E00, 0x2E7F},    // supplemental punctuation
    {0x3000, 0x303F},    // CJK symbols and punctuation
    {0xE000, 0xF8FF},    // private use
    {0xFE10, 0xFE6F},    // vertical forms, small forms, CJK compatibility
    {0xFEFF, 0xFEFF},    // byte order mark
    {0xFF00, 0xFF0F},    // fullwidth ASCII punctuation
    {0xFF1A, 0xFF20},
    {0xFF3B, 0xFF40},
    {0xFF5B, 0xFF65},
    {0xFFF0, 0xFFFF},    // specials
    {0x1F000, 0x1FAFF},  // emoji and pictographs
};

enum class CharClass { kSeparator, kIgnore, kWord };

// Decodes one UTF-8 character at text[*pos], advancing *pos. Returns -1 for
// an invalid sequence (one byte consumed).
int32_t DecodeUtf8(absl::string_view text, size_t* pos) {
  const auto b0 = static_cast<uint8_t>(text[*pos]);
  if (b0 < 0x80) {
    ++*pos;
    return b0;
  }
  int len = 0;
  uint32_t cp = 0;
  uint32_t min = 0;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2, cp = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, cp = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    ++*pos;
    return -1;
  }
  if (*pos + len > text.size()) {
    ++*pos;
    return -1;
  }
  for (int i = 1; i < len; ++i) {
    const auto b = static_cast<uint8_t>(text[*pos + i]);
    if ((b & 0xC0) != 0x80) {
      ++*pos;
      return -1;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++*pos;
    return -1;
  }
  *pos += len;
  return static_cast<int32_t>(cp);
}

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Classifies `cp`; for a word character, sets *folded to its folded form.
CharClass Classify(uint32_t cp, std::string* folded) {
  folded->clear();
  if (cp < 0x80) {
    if (cp >= 'a' && cp <= 'z') {
      folded->push_back(static_cast<char>(cp));
    } else if (cp >= 'A' && cp <= 'Z') {
      folded->push_back(static_cast<char>(cp - 'A' + 'a'));
    } else if (cp >= '0' && cp <= '9') {
      folded->push_back(static_cast<char>(cp));
    } else {
      return CharClass::kSeparator;
    }
    return CharClass::kWord;
  }
  if (cp < kFoldFirst) {  // U+0080..U+00BF: controls, punctuation, symbols
    switch (cp) {
      case 0x00AA: *folded = "a"; return CharClass::kWord;  // ª
      case 0x00BA: *folded = "o"; return CharClass::kWord;  // º
      case 0x00B9: *folded = "1"; return CharClass::kWord;  // ¹
      case 0x00B2: *folded = "2"; return CharClass::kWord;  // ²
      case 0x00B3: *folded = "3"; return CharClass::kWord;  // ³
      case 0x00B5: AppendUtf8(cp, folded); return CharClass::kWord;  // µ
      default: return CharClass::kSeparator;
    }
  }
  if (cp <= kFoldLast) {
    const char* f = Folds()[cp - kFoldFirst];
    if (f == nullptr) return CharClass::kSeparator;
    *folded = f;
    return CharClass::kWord;
  }
  if (cp >= 0x0300 && cp <= 0x036F) return CharClass::kIgnore;  // combining marks
  for (const auto& [first, last] : kSeparatorRanges) {
    if (cp >= first && cp <= last) return CharClass::kSeparator;
  }
  // Basic Greek and Cyrillic capitals to lowercase.
  if (cp >= 0x0391 && cp <= 0x03A9 && cp != 0x03A2) {
    cp += 0x20;
  } else if (cp >= 0x0410 && cp <= 0x042F) {
    cp += 0x20;
  } else if (cp >= 0x0400 && cp <= 0x040F) {
    cp += 0x50;
  }
  AppendUtf8(cp, folded);
  return CharClass::kWord;
}

}  // namespace

void ForEachTerm(absl::string_view text,
                 absl::FunctionRef<void(absl::string_view)> emit) {
  std::string term;
  std::string folded;
  size_t chars = 0;  // characters in `term`, for the one-character rule
  auto flush = [&] {
    if (chars > 1) emit(term);
    term.clear();
    chars = 0;
  };
  size_t pos = 0;
  while (pos < text.size()) {
    const int32_t cp = DecodeUtf8(text, &pos);
    if (cp < 0) {
      flush();
      continue;
    }
    switch (Classify(static_cast<uint32_t>(cp), &folded)) {
      case CharClass::kSeparator:
        flush();
        break;
      case CharClass::kIgnore:
        break;
      case CharClass::kWord:
        // Cut long terms on a character boundary; the rest of the word is
        // consumed without being stored.
        if (term.size() + folded.size() <= kMaxTermBytes) {
          term += folded;
          chars += (static_cast<uint8_t>(folded[0]) < 0x80) ? folded.size() : 1;
        }
        break;
    }
  }
  flush();
}

std::vector<std::string> TextTerms(absl::string_view text) {
  std::vector<std::string> terms;
  ForEachTerm(text, [&](absl::string_view t) { terms.emplace_back(t); });
  return terms;
}

}  // namespace evidencegraph::storage
