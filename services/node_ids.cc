#include "services/node_ids.h"

#include "absl/random/random.h"
#include "absl/strings/str_cat.h"
#include "common/resource_names.h"

namespace evidencegraph::services {
namespace {

constexpr size_t kSlugLength = 48;  // + "-" + 6 suffix chars stays under 63
constexpr int kSuffixLength = 6;

absl::string_view MainText(const v1::Node& node) {
  if (!node.display_title().empty()) return node.display_title();
  switch (node.payload_case()) {
    case v1::Node::kClaim: return node.claim().statement();
    case v1::Node::kStudy: return node.study().citation().title();
    case v1::Node::kExpert: return node.expert().full_name();
    case v1::Node::kCritique: return node.critique().text();
    case v1::Node::kSource: return node.source().title();
    case v1::Node::PAYLOAD_NOT_SET: break;
  }
  return "";
}

absl::string_view KindWord(v1::NodeKind kind) {
  switch (kind) {
    case v1::NODE_KIND_CLAIM: return "claim";
    case v1::NODE_KIND_STUDY: return "study";
    case v1::NODE_KIND_EXPERT: return "expert";
    case v1::NODE_KIND_CRITIQUE: return "critique";
    case v1::NODE_KIND_SOURCE: return "source";
    default: break;
  }
  return "node";
}

}  // namespace

std::string Slugify(absl::string_view text, size_t max_length) {
  std::string slug;
  bool pending_dash = false;
  for (char raw : text) {
    char c = raw;
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    const bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!keep) {
      pending_dash = !slug.empty();
      continue;
    }
    if (pending_dash) {
      if (slug.size() + 2 > max_length) break;  // next word would not fit
      slug.push_back('-');
      pending_dash = false;
    }
    if (slug.size() + 1 > max_length) {
      // A single word longer than the room left: cut back to the last word.
      const size_t dash = slug.rfind('-');
      if (dash != std::string::npos) slug.resize(dash);
      break;
    }
    slug.push_back(c);
  }
  return slug;
}

std::string GenerateNodeId(const v1::Node& node) {
  thread_local absl::BitGen gen;
  static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  std::string suffix;
  for (int i = 0; i < kSuffixLength; ++i) {
    suffix.push_back(kAlphabet[absl::Uniform<size_t>(gen, 0, sizeof(kAlphabet) - 1)]);
  }
  std::string slug = Slugify(MainText(node), kSlugLength);
  if (slug.empty()) slug = std::string(KindWord(PayloadKind(node)));
  return absl::StrCat(slug, "-", suffix);
}

}  // namespace evidencegraph::services
