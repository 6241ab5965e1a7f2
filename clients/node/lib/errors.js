'use strict';
// Typed errors with the server's google.rpc details decoded.
//
// The server puts a google.rpc.Status in the grpc-status-details-bin trailer.
// fromServiceError() turns a grpc-js ServiceError into the EvidenceGraphError
// subclass of its status code (InvalidArgumentError, NotFoundError, ...) with
//   reason, domain, errorMetadata   from google.rpc.ErrorInfo
//   fieldViolations                 from google.rpc.BadRequest ([{field, description}])
//   resource                        from google.rpc.ResourceInfo
//   details                         every detail, decoded when the type is known
const grpc = require('@grpc/grpc-js');
const { OBJECT_OPTIONS } = require('./protos');

const DETAILS_TRAILER = 'grpc-status-details-bin';

class EvidenceGraphError extends Error {
  constructor(message, fields = {}) {
    super(message);
    this.name = new.target.name;
    this.code = fields.code ?? grpc.status.UNKNOWN;
    this.codeName = grpc.status[this.code] ?? 'UNKNOWN';
    this.reason = fields.reason ?? '';
    this.domain = fields.domain ?? '';
    this.errorMetadata = fields.errorMetadata ?? {};
    this.fieldViolations = fields.fieldViolations ?? [];
    this.resource = fields.resource ?? null;
    this.details = fields.details ?? [];
    if (fields.cause) this.cause = fields.cause;
  }

  // The violation naming `field`, or undefined.
  violation(field) {
    return this.fieldViolations.find((v) => v.field === field);
  }
}

// One class per status code: InvalidArgumentError, NotFoundError, DeadlineExceededError...
const byCode = new Map();
for (const [name, code] of Object.entries(grpc.status)) {
  if (typeof code !== 'number' || code === grpc.status.OK) continue;
  const className = name.toLowerCase().replace(/(^|_)([a-z])/g, (_, __, c) => c.toUpperCase()) + 'Error';
  const cls = { [className]: class extends EvidenceGraphError {} }[className];
  byCode.set(code, cls);
  module.exports[className] = cls;
}

function decodeStatus(root, buffer) {
  const Status = root.lookupType('google.rpc.Status');
  const status = Status.decode(buffer);
  const out = { reason: '', domain: '', errorMetadata: {}, fieldViolations: [], resource: null, details: [] };
  for (const any of status.details) {
    // protobufjs's bundled any.proto keeps the proto field name type_url.
    const typeUrl = any.typeUrl ?? any.type_url ?? '';
    const typeName = typeUrl.slice(typeUrl.lastIndexOf('/') + 1);
    let type = null;
    try {
      type = root.lookupType(typeName);
    } catch {
      out.details.push({ typeUrl, value: any.value });
      continue;
    }
    const detail = type.toObject(type.decode(any.value), OBJECT_OPTIONS);
    out.details.push({ type: typeName, ...detail });
    if (typeName === 'google.rpc.ErrorInfo') {
      out.reason = detail.reason;
      out.domain = detail.domain;
      out.errorMetadata = detail.metadata || {};
    } else if (typeName === 'google.rpc.BadRequest') {
      out.fieldViolations.push(
        ...detail.fieldViolations.map((v) => ({ field: v.field, description: v.description })));
    } else if (typeName === 'google.rpc.ResourceInfo') {
      out.resource = detail;
    }
  }
  return out;
}

// Translates a grpc-js ServiceError (or any Error) into an EvidenceGraphError.
function fromServiceError(err, root) {
  if (err instanceof EvidenceGraphError) return err;
  const code = typeof err.code === 'number' ? err.code : grpc.status.UNKNOWN;
  const message = err.details || `(no message; status ${grpc.status[code] ?? code})`;
  let fields = {};
  const raw = err.metadata && err.metadata.get(DETAILS_TRAILER);
  if (root && raw && raw.length) {
    try {
      fields = decodeStatus(root, raw[0]);
    } catch (decodeErr) {
      fields = { details: [{ undecodable: String(decodeErr) }] };
    }
  }
  const Cls = byCode.get(code) || EvidenceGraphError;
  return new Cls(message, { ...fields, code, cause: err });
}

module.exports.EvidenceGraphError = EvidenceGraphError;
module.exports.fromServiceError = fromServiceError;
module.exports.DETAILS_TRAILER = DETAILS_TRAILER;
