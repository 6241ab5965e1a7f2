// Report: the benchmark's one table and its JSON twin.
//
// A Row is one workload at one graph size: its ratio to the floor it is
// judged by (median over the interleaved repetitions), the absolute rate,
// latency, server CPU per operation and the server's peak RSS, the target
// from docs (design/performance.md) and whether it is met. Rows of the same
// workload at growing sizes print together with their growth (rate relative
// to the smallest size), so scaling is visible at a glance.
//
// The table goes to a stream; the JSON (one object: machine, settings, rows
// with every detail figure) to a file, e.g. bench/results.json.
// Thread-safety: none; filled and printed by main.
#ifndef EVIDENCEGRAPH_BENCH_SERVICE_REPORT_H_
#define EVIDENCEGRAPH_BENCH_SERVICE_REPORT_H_

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "bench/service/measure.h"

namespace evidencegraph::bench {

struct Row {
  std::string workload;     // "GetNode", "Traverse 3 hops", ...
  int64_t graph_edges = 0;  // size of the graph it ran on; 0: the demo graph
  std::string floor;        // what the ratio divides by
  double ratio = kNaN;      // median over repetitions
  double ratio_min = kNaN;  // spread over repetitions
  double ratio_max = kNaN;
  double rate = kNaN;       // median, in rate_unit
  std::string rate_unit;    // "calls/s", "edges/s", "items/s", ...
  double p50_us = kNaN;     // latency of one call (median over repetitions)
  double p90_us = kNaN;
  double p99_us = kNaN;
  double server_cpu_us = kNaN;  // per cpu_unit
  std::string cpu_unit = "call";
  double peak_rss_mib = kNaN;
  std::string target;           // e.g. "<= 1.3x", "" when none
  std::optional<bool> met;
  std::string note;             // why a row is missing or unusual
  std::vector<std::pair<std::string, double>> details;  // extra figures, JSON only

  void Detail(std::string name, double value) { details.emplace_back(std::move(name), value); }
};

// Fills ratio/min/max from per-repetition ratios.
void SetRatio(Row& row, const std::vector<double>& ratios);

class Report {
 public:
  void Add(Row row) { rows_.push_back(std::move(row)); }
  // Free-form "key: value" lines printed above the table and stored in JSON
  // (machine, pinning, settings).
  void Fact(std::string key, std::string value) {
    facts_.emplace_back(std::move(key), std::move(value));
  }
  const std::vector<Row>& rows() const { return rows_; }

  void PrintTable(std::ostream& out) const;
  absl::Status WriteJson(const std::string& path) const;

 private:
  std::vector<std::pair<std::string, std::string>> facts_;
  std::vector<Row> rows_;
};

}  // namespace evidencegraph::bench

#endif  // EVIDENCEGRAPH_BENCH_SERVICE_REPORT_H_
