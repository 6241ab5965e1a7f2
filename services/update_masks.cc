#include "services/update_masks.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "common/errors.h"
#include "common/resource_names.h"
#include "common/status_macros.h"
#include "google/protobuf/util/field_mask_util.h"
#include "services/validation.h"
#include "services/validation_internal.h"

namespace evidencegraph::services {
namespace {

using google::protobuf::FieldMask;
using google::protobuf::util::FieldMaskUtil;
using internal::Path;

constexpr absl::string_view kNodeOutputOnly[] = {"name", "create_time", "update_time",
                                                 "etag", "kind"};
constexpr absl::string_view kNodeUpdatable[] = {"display_title", "labels", "claim",
                                                "study", "expert", "critique", "source"};
constexpr absl::string_view kEdgeIdentity[] = {"name", "source", "kind", "target"};
constexpr absl::string_view kEdgeOutputOnly[] = {"create_time", "update_time", "etag"};
constexpr absl::string_view kEdgeUpdatable[] = {"weight", "note", "provenance",
                                                "attack_type", "grading"};

absl::string_view FirstSegment(absl::string_view path) {
  return path.substr(0, path.find('.'));
}

template <size_t N>
bool Contains(const absl::string_view (&list)[N], absl::string_view value) {
  for (absl::string_view item : list) {
    if (item == value) return true;
  }
  return false;
}

// The Node field name of a payload kind ("claim" for claims).
absl::string_view PayloadField(v1::NodeKind kind) {
  switch (kind) {
    case v1::NODE_KIND_CLAIM: return "claim";
    case v1::NODE_KIND_STUDY: return "study";
    case v1::NODE_KIND_EXPERT: return "expert";
    case v1::NODE_KIND_CRITIQUE: return "critique";
    case v1::NODE_KIND_SOURCE: return "source";
    default: break;
  }
  return "";
}

absl::Status KindChange(absl::string_view field, v1::NodeKind stored,
                        absl::string_view requested) {
  return InvalidField(field,
                      absl::StrCat("the node is a ", PayloadField(stored),
                                   " node; its kind cannot change to ", requested),
                      "KIND_MISMATCH");
}

FieldMaskUtil::MergeOptions ReplaceOptions() {
  FieldMaskUtil::MergeOptions options;
  // AIP-134: a masked message or list field is replaced, not merged.
  options.set_replace_message_fields(true);
  options.set_replace_repeated_fields(true);
  return options;
}

}  // namespace

absl::Status ValidateNodeUpdateMask(const FieldMask& mask, absl::string_view mask_field) {
  for (int i = 0; i < mask.paths_size(); ++i) {
    const std::string& path = mask.paths(i);
    const std::string field = absl::StrCat(mask_field, ".paths[", i, "]");
    if (!FieldMaskUtil::IsValidPath<v1::Node>(path)) {
      return InvalidField(field, absl::StrCat("\"", path, "\" is not a field of Node"));
    }
    const absl::string_view top = FirstSegment(path);
    if (Contains(kNodeOutputOnly, top)) {
      return InvalidField(field, absl::StrCat("\"", path,
                                              "\" is output only or identifies the node "
                                              "and cannot be updated"));
    }
    if (!Contains(kNodeUpdatable, top)) {
      return InvalidField(field, absl::StrCat("\"", path, "\" cannot be updated; allowed: ",
                                              absl::StrJoin(kNodeUpdatable, ", ")));
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateEdgeUpdateMask(const FieldMask& mask, absl::string_view mask_field) {
  for (int i = 0; i < mask.paths_size(); ++i) {
    const std::string& path = mask.paths(i);
    const std::string field = absl::StrCat(mask_field, ".paths[", i, "]");
    if (!FieldMaskUtil::IsValidPath<v1::Edge>(path)) {
      return InvalidField(field, absl::StrCat("\"", path, "\" is not a field of Edge"));
    }
    const absl::string_view top = FirstSegment(path);
    if (Contains(kEdgeIdentity, top)) {
      return InvalidField(field, absl::StrCat("\"", path,
                                              "\" identifies the edge and cannot change; "
                                              "delete it and create another"));
    }
    if (Contains(kEdgeOutputOnly, top) || !Contains(kEdgeUpdatable, top)) {
      return InvalidField(field, absl::StrCat("\"", path, "\" cannot be updated; allowed: ",
                                              absl::StrJoin(kEdgeUpdatable, ", ")));
    }
  }
  return absl::OkStatus();
}

absl::Status ApplyNodeUpdate(const v1::Node& request, const FieldMask& mask,
                             absl::string_view node_field, absl::string_view mask_field,
                             v1::Node* stored) {
  const v1::NodeKind stored_kind = PayloadKind(*stored);
  const v1::NodeKind request_kind = PayloadKind(request);
  if (request_kind != v1::NODE_KIND_UNSPECIFIED && request_kind != stored_kind) {
    return KindChange(Path(node_field, PayloadField(request_kind)), stored_kind,
                      PayloadField(request_kind));
  }
  if (mask.paths_size() == 0) {
    // Full replace of everything a client owns.
    if (request_kind == v1::NODE_KIND_UNSPECIFIED) {
      return InvalidField(Path(node_field, "payload"),
                          absl::StrCat("is required when update_mask is empty (a full "
                                       "replace); set node.",
                                       PayloadField(stored_kind),
                                       " or name the fields to change in update_mask"));
    }
    v1::Node replaced = request;
    replaced.set_name(stored->name());
    *replaced.mutable_create_time() = stored->create_time();
    *replaced.mutable_update_time() = stored->update_time();
    replaced.set_etag(stored->etag());
    replaced.set_kind(stored->kind());
    *stored = std::move(replaced);
  } else {
    for (int i = 0; i < mask.paths_size(); ++i) {
      const absl::string_view top = FirstSegment(mask.paths(i));
      const bool is_payload = top == "claim" || top == "study" || top == "expert" ||
                              top == "critique" || top == "source";
      if (is_payload && top != PayloadField(stored_kind)) {
        return KindChange(absl::StrCat(mask_field, ".paths[", i, "]"), stored_kind, top);
      }
    }
    FieldMaskUtil::MergeMessageTo(request, mask, ReplaceOptions(), stored);
  }
  return ValidateNodeContent(*stored, node_field);
}

absl::Status ApplyEdgeUpdate(const v1::Edge& request, const FieldMask& mask,
                             absl::string_view edge_field, absl::string_view mask_field,
                             v1::Edge* stored) {
  FieldMask effective = mask;
  if (effective.paths_size() == 0) {
    for (absl::string_view path : kEdgeUpdatable) effective.add_paths(std::string(path));
  }
  FieldMaskUtil::MergeMessageTo(request, effective, ReplaceOptions(), stored);
  return ValidateEdge(*stored, edge_field);
}

}  // namespace evidencegraph::services
