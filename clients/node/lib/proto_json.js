'use strict';
// proto3 JSON <-> the plain objects grpc-js/proto-loader use, driven by
// protobufjs reflection. Needed because graph files (NDJSON) are proto3 JSON,
// which differs from those objects for well-known types (Timestamp is an
// RFC 3339 string, not {seconds, nanos}), for 64-bit integers (strings) and
// for defaults (omitted). Field names are lowerCamelCase on both sides;
// fromJson also accepts the original snake_case names.
const protobuf = require('protobufjs');

const INT64 = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);
const RFC3339 = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

function timestampToJson(obj) {
  const seconds = Number(obj.seconds || 0);
  const nanos = Number(obj.nanos || 0);
  const base = new Date(seconds * 1000).toISOString().slice(0, 19);
  if (!nanos) return `${base}Z`;
  let frac = String(nanos).padStart(9, '0');
  while (frac.length > 3 && frac.endsWith('000')) frac = frac.slice(0, -3);
  return `${base}.${frac}Z`;
}

function timestampFromJson(text, where) {
  const m = typeof text === 'string' && RFC3339.exec(text);
  if (!m) throw new Error(`${where}: not an RFC 3339 timestamp: ${JSON.stringify(text)}`);
  const seconds = Date.parse(`${m[1]}${m[3]}`) / 1000;
  return { seconds, nanos: m[2] ? Number(m[2].padEnd(9, '0')) : 0 };
}

function durationToJson(obj) {
  const total = Number(obj.seconds || 0) + Number(obj.nanos || 0) / 1e9;
  return `${Number(total.toFixed(9))}s`;
}

function durationFromJson(text, where) {
  const m = typeof text === 'string' && /^(-?)(\d+)(?:\.(\d{1,9}))?s$/.exec(text);
  if (!m) throw new Error(`${where}: not a duration like "1.5s": ${JSON.stringify(text)}`);
  const sign = m[1] ? -1 : 1;
  return { seconds: sign * Number(m[2]), nanos: sign * (m[3] ? Number(m[3].padEnd(9, '0')) : 0) };
}

const WELL_KNOWN = {
  'google.protobuf.Timestamp': { toJson: timestampToJson, fromJson: timestampFromJson },
  'google.protobuf.Duration': { toJson: durationToJson, fromJson: durationFromJson },
  'google.protobuf.FieldMask': {
    toJson: (obj) => (obj.paths || []).join(','),
    fromJson: (text) => ({ paths: text ? text.split(',') : [] }),
  },
  'google.protobuf.Empty': { toJson: () => ({}), fromJson: () => ({}) },
};

function fullName(type) {
  return type.fullName.replace(/^\./, '');
}

function isDefaultScalar(field, value) {
  if (field.resolvedType instanceof protobuf.Enum) {
    return value === 0 || value === field.resolvedType.valuesById[0];
  }
  if (field.type === 'bool') return value === false;
  if (field.type === 'string') return value === '';
  if (field.type === 'bytes') return value.length === 0;
  return Number(value) === 0;
}

function scalarToJson(field, value) {
  if (field.resolvedType instanceof protobuf.Enum) {
    return typeof value === 'number' ? (field.resolvedType.valuesById[value] ?? value) : value;
  }
  if (INT64.has(field.type)) return String(value);
  if (field.type === 'bytes') return Buffer.from(value).toString('base64');
  if ((field.type === 'double' || field.type === 'float') && !Number.isFinite(value)) {
    return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
  }
  return value;
}

function valueToJson(field, value) {
  if (field.resolvedType instanceof protobuf.Type) return toJson(field.resolvedType, value);
  return scalarToJson(field, value);
}

// A decoded message object (proto-loader format) -> proto3 JSON value.
function toJson(type, obj) {
  const wk = WELL_KNOWN[fullName(type)];
  if (wk) return wk.toJson(obj);
  const out = {};
  for (const field of type.fieldsArray) {
    field.resolve();
    const value = obj[field.name];
    if (value === undefined || value === null) continue;
    if (field.map) {
      const entries = Object.entries(value);
      if (!entries.length) continue;
      out[field.name] = Object.fromEntries(entries.map(([k, v]) => [k, valueToJson(field, v)]));
    } else if (field.repeated) {
      if (!value.length) continue;
      out[field.name] = value.map((v) => valueToJson(field, v));
    } else {
      // Fields with presence (messages, oneof members, proto3 optional) are
      // kept when set; plain scalars are omitted at their default, as proto3 JSON does.
      const hasPresence = field.partOf || field.resolvedType instanceof protobuf.Type;
      if (!hasPresence && isDefaultScalar(field, value)) continue;
      out[field.name] = valueToJson(field, value);
    }
  }
  return out;
}

function camel(name) {
  return name.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
}

function valueFromJson(field, value, where) {
  if (field.resolvedType instanceof protobuf.Type) return fromJson(field.resolvedType, value, where);
  return value; // enums by name or number, 64-bit ints as strings, bytes as base64: protobufjs takes them
}

// proto3 JSON value -> an object grpc-js/proto-loader accepts. Throws naming `where`.
function fromJson(type, json, where = fullName(type)) {
  const wk = WELL_KNOWN[fullName(type)];
  if (wk) return wk.fromJson(json, where);
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new Error(`${where}: expected an object for ${fullName(type)}`);
  }
  const out = {};
  for (const [key, value] of Object.entries(json)) {
    const field = type.fields[key] || type.fields[camel(key)];
    if (!field) throw new Error(`${where}: ${fullName(type)} has no field "${key}"`);
    field.resolve();
    if (value === null) continue;
    const at = `${where}.${key}`;
    if (field.map) {
      out[field.name] = Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, valueFromJson(field, v, `${at}[${k}]`)]));
    } else if (field.repeated) {
      if (!Array.isArray(value)) throw new Error(`${at}: expected an array`);
      out[field.name] = value.map((v, i) => valueFromJson(field, v, `${at}[${i}]`));
    } else {
      out[field.name] = valueFromJson(field, value, at);
    }
  }
  return out;
}

module.exports = { toJson, fromJson };
