// Resource names of the evidence graph (AIP-122), in one place.
//
//   node:  {collection}/{id}            collections: claims studies experts critiques sources
//   edge:  {source node}/edges/{kind}/{target}
//          kind is the lowercase EdgeKind token ("supports", "targets", ...);
//          target is a node name or, for an undercut, an edge name.
//   id:    1-63 characters of [a-z0-9-], first character a letter or digit.
//
// Parsing never trusts its input: every function returns a status naming the
// rule broken. Both the service layer (validation) and storage (keys) use
// these, so a name means the same thing everywhere.
// Thread-safety: stateless functions.
#ifndef EVIDENCEGRAPH_COMMON_RESOURCE_NAMES_H_
#define EVIDENCEGRAPH_COMMON_RESOURCE_NAMES_H_

#include <cstddef>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "evidencegraph/v1/resources.pb.h"

namespace evidencegraph {

inline constexpr int kMaxIdLength = 63;

// "claims" for NODE_KIND_CLAIM, ...; empty for UNSPECIFIED.
absl::string_view CollectionOf(v1::NodeKind kind);
// NODE_KIND_CLAIM for "claims", ...; UNSPECIFIED for anything else.
v1::NodeKind KindOfCollection(absl::string_view collection);

// "supports" for EDGE_KIND_SUPPORTS, ...; empty for UNSPECIFIED.
absl::string_view EdgeKindToken(v1::EdgeKind kind);
// EDGE_KIND_SUPPORTS for "supports", ...; UNSPECIFIED for anything else.
v1::EdgeKind EdgeKindFromToken(absl::string_view token);

// The node kind implied by a Node's payload (UNSPECIFIED when none is set).
v1::NodeKind PayloadKind(const v1::Node& node);

// True if `id` is 1-63 chars of [a-z0-9-] starting with a letter or digit.
bool IsValidId(absl::string_view id);

// A parsed node name.
struct NodeName {
  v1::NodeKind kind;
  std::string id;
};

// Parses "claims/x". INVALID_ARGUMENT (field `field`) naming the rule.
absl::StatusOr<NodeName> ParseNodeName(absl::string_view name,
                                       absl::string_view field = "name");

std::string MakeNodeName(v1::NodeKind kind, absl::string_view id);

// A parsed edge name; `target` is a node or edge name.
struct EdgeName {
  std::string source;
  v1::EdgeKind kind;
  std::string target;
};

// Parses "{source}/edges/{kind}/{target}" (the target parsed recursively).
absl::StatusOr<EdgeName> ParseEdgeName(absl::string_view name,
                                       absl::string_view field = "name");

std::string MakeEdgeName(absl::string_view source, v1::EdgeKind kind,
                         absl::string_view target);
// Appends MakeEdgeName's result to `*out` (no allocation once `*out` has room).
void AppendEdgeName(std::string* out, absl::string_view source, v1::EdgeKind kind,
                    absl::string_view target);
// MakeEdgeName(...).size(), without building the name.
size_t EdgeNameSize(absl::string_view source, v1::EdgeKind kind, absl::string_view target);

// True if `name` has the shape of an edge name (contains "/edges/").
bool LooksLikeEdgeName(absl::string_view name);

}  // namespace evidencegraph

#endif  // EVIDENCEGRAPH_COMMON_RESOURCE_NAMES_H_
