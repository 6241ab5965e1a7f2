'use strict';
// Where the .proto files are, and the two ways they are loaded at run time:
//   - @grpc/proto-loader for the service clients (grpc-js needs its format);
//   - protobufjs for proto3 JSON conversion (graph files) and for decoding the
//     google.rpc.Status in the grpc-status-details-bin trailer.
// Both use camelCase field names, enums as strings and int64 as Number, so an
// object read from one is accepted by the other.
//
// Proto directories, overridable by option or environment variable:
//   protoDir       EVIDENCEGRAPH_PROTO_DIR       default: <repo>/proto
//   googleapisDir  EVIDENCEGRAPH_GOOGLEAPIS_DIR  default: Debian's golang-github-gogo-googleapis-dev
const fs = require('node:fs');
const path = require('node:path');
const protoLoader = require('@grpc/proto-loader');
const protobuf = require('protobufjs');

const DEFAULT_PROTO_DIR = path.resolve(__dirname, '..', '..', '..', 'proto');
const DEFAULT_GOOGLEAPIS_DIR = '/usr/share/gocode/src/github.com/gogo/googleapis';
const API_FILES = [
  'evidencegraph/v1/resources.proto',
  'evidencegraph/v1/graph_service.proto',
  'evidencegraph/v1/query_service.proto',
];
const ERROR_FILES = ['google/rpc/status.proto', 'google/rpc/error_details.proto'];

// How decoded messages look: see the file comment.
const OBJECT_OPTIONS = { longs: Number, enums: String, defaults: true, oneofs: true };

function protoDirs(options = {}) {
  const protoDir = options.protoDir || process.env.EVIDENCEGRAPH_PROTO_DIR || DEFAULT_PROTO_DIR;
  const googleapisDir =
    options.googleapisDir || process.env.EVIDENCEGRAPH_GOOGLEAPIS_DIR || DEFAULT_GOOGLEAPIS_DIR;
  return { protoDir, googleapisDir };
}

function apiFiles(protoDir) {
  const files = API_FILES.filter((f) => fs.existsSync(path.join(protoDir, f)));
  if (!files.includes('evidencegraph/v1/graph_service.proto')) {
    throw new Error(`evidencegraph protos not found in ${protoDir}; ` +
                    'pass {protoDir} or set EVIDENCEGRAPH_PROTO_DIR');
  }
  return files;
}

const cache = new Map();

// Loads (once per directory pair) everything the client needs.
function load(options = {}) {
  const { protoDir, googleapisDir } = protoDirs(options);
  const key = `${protoDir}\0${googleapisDir}`;
  if (cache.has(key)) return cache.get(key);

  const files = apiFiles(protoDir);
  const packageDefinition = protoLoader.loadSync(files, {
    keepCase: false, ...OBJECT_OPTIONS, includeDirs: [protoDir],
  });

  // protobufjs resolves google/protobuf/*.proto from its bundled copies.
  const root = new protobuf.Root();
  root.resolvePath = (origin, target) => {
    if (path.isAbsolute(target)) return target;
    for (const dir of [protoDir, googleapisDir]) {
      const candidate = path.join(dir, target);
      if (fs.existsSync(candidate)) return candidate;
    }
    return target;
  };
  root.loadSync(files, { keepCase: false });
  const errorFiles = ERROR_FILES.filter((f) => fs.existsSync(path.join(googleapisDir, f)));
  if (errorFiles.length) root.loadSync(errorFiles, { keepCase: false });
  root.resolveAll();

  const loaded = {
    packageDefinition,
    root,
    hasQueryService: files.includes('evidencegraph/v1/query_service.proto'),
    hasErrorDetails: errorFiles.length === ERROR_FILES.length,
  };
  cache.set(key, loaded);
  return loaded;
}

module.exports = { load, protoDirs, OBJECT_OPTIONS };
