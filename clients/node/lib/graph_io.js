'use strict';
// Graph files: evidencegraph.v1.ImportGraphRequest messages in proto3 JSON.
//   - NDJSON (.ndjson, .jsonl, or a file whose first record is one line): one
//     message per line; blank lines and lines starting with '#' are skipped;
//   - JSON (.json): one message, or an array of them.
// Export writes NDJSON, one message per line, which imports back unchanged.
const fs = require('node:fs');
const path = require('node:path');
const readline = require('node:readline');
const { fromJson, toJson } = require('./proto_json');

function parseRecord(type, text, where) {
  let obj;
  try {
    obj = JSON.parse(text);
  } catch (err) {
    throw new Error(`${where}: invalid JSON: ${err.message}`);
  }
  return fromJson(type, obj, where);
}

async function isNdjson(file) {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.ndjson' || ext === '.jsonl') return true;
  if (ext === '.json') return false;
  const lines = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
  try {
    for await (const line of lines) {
      const text = line.trim();
      if (!text || text.startsWith('#')) continue;
      try {
        const value = JSON.parse(text);
        return value !== null && typeof value === 'object' && !Array.isArray(value);
      } catch {
        return false;
      }
    }
    return true;
  } finally {
    lines.close();
  }
}

// Yields {request, line, bytesRead} for each message of a graph file; lazily for NDJSON.
// Throws naming the file and line of the first malformed record.
async function* readImportRequests(type, file) {
  if (await isNdjson(file)) {
    const input = fs.createReadStream(file);
    const lines = readline.createInterface({ input, crlfDelay: Infinity });
    let number = 0;
    try {
      for await (const line of lines) {
        number += 1;
        const text = line.trim();
        if (!text || text.startsWith('#')) continue;
        yield { request: parseRecord(type, text, `${file}:${number}`), line: number,
                bytesRead: input.bytesRead };
      }
    } finally {
      lines.close();
      input.destroy();
    }
    return;
  }
  const data = await fs.promises.readFile(file, 'utf8');
  let doc;
  try {
    doc = JSON.parse(data);
  } catch (err) {
    throw new Error(`${file}: invalid JSON: ${err.message}`);
  }
  const items = Array.isArray(doc) ? doc : [doc];
  for (const [i, item] of items.entries()) {
    yield { request: fromJson(type, item, `${file}[${i}]`), line: 1,
            bytesRead: i === items.length - 1 ? Buffer.byteLength(data) : 0 };
  }
}

// One ExportGraphResponse as an NDJSON line of the import format (no newline).
function toNdjsonLine(importType, response) {
  return JSON.stringify(toJson(importType, { nodes: response.nodes, edges: response.edges }));
}

module.exports = { readImportRequests, toNdjsonLine };
