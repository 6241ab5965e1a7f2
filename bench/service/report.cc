#include "bench/service/report.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace evidencegraph::bench {
namespace {

std::string Fixed(double v, int digits) {
  if (!std::isfinite(v)) return "-";
  return absl::StrFormat("%.*f", digits, v);
}

// 1234567 -> "1.23M", 12345 -> "12.3k".
std::string Human(double v) {
  if (!std::isfinite(v)) return "-";
  const double a = std::fabs(v);
  if (a >= 1e9) return absl::StrFormat("%.2fG", v / 1e9);
  if (a >= 1e6) return absl::StrFormat("%.2fM", v / 1e6);
  if (a >= 1e4) return absl::StrFormat("%.1fk", v / 1e3);
  if (a >= 100) return absl::StrFormat("%.0f", v);
  return absl::StrFormat("%.1f", v);
}

std::string Micros(double us) {
  if (!std::isfinite(us)) return "-";
  if (us >= 1e6) return absl::StrFormat("%.2fs", us / 1e6);
  if (us >= 1e3) return absl::StrFormat("%.1fms", us / 1e3);
  return absl::StrFormat("%.0fus", us);
}

std::string Size(int64_t edges) {
  if (edges == 0) return "demo";
  if (edges >= 1'000'000 && edges % 1'000'000 == 0) return absl::StrCat(edges / 1'000'000, "M");
  if (edges >= 1000 && edges % 1000 == 0) return absl::StrCat(edges / 1000, "k");
  return absl::StrCat(edges);
}

std::string JsonString(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += absl::StrFormat("\\u%04x", c);
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

std::string JsonNumber(double v) {
  if (!std::isfinite(v)) return "null";
  return absl::StrFormat("%.6g", v);
}

}  // namespace

void SetRatio(Row& row, const std::vector<double>& ratios) {
  row.ratio = Median(ratios);
  double lo = kNaN, hi = kNaN;
  for (double r : ratios) {
    if (!std::isfinite(r)) continue;
    lo = std::isfinite(lo) ? std::min(lo, r) : r;
    hi = std::isfinite(hi) ? std::max(hi, r) : r;
  }
  row.ratio_min = lo;
  row.ratio_max = hi;
}

void Report::PrintTable(std::ostream& out) const {
  for (const auto& [key, value] : facts_) out << key << ": " << value << "\n";
  // Growth: rate relative to the same workload's smallest size.
  std::map<std::string, std::pair<int64_t, double>> smallest;
  for (const Row& row : rows_) {
    if (!std::isfinite(row.rate) || row.graph_edges == 0) continue;
    auto it = smallest.find(row.workload);
    if (it == smallest.end() || row.graph_edges < it->second.first) {
      smallest[row.workload] = {row.graph_edges, row.rate};
    }
  }
  // Rows of one workload together (in order of first appearance), sizes
  // ascending, so growth reads down the table.
  std::map<std::string, size_t> first_seen;
  for (const Row& row : rows_) first_seen.emplace(row.workload, first_seen.size());
  std::vector<const Row*> ordered;
  for (const Row& row : rows_) ordered.push_back(&row);
  std::stable_sort(ordered.begin(), ordered.end(), [&](const Row* a, const Row* b) {
    const size_t fa = first_seen[a->workload], fb = first_seen[b->workload];
    if (fa != fb) return fa < fb;
    return a->graph_edges < b->graph_edges;
  });
  const std::string header = absl::StrFormat(
      "%-26s %6s %16s %-34s %17s %8s %8s %12s %8s %-20s %s", "workload", "graph", "ratio",
      "floor", "rate", "growth", "p50", "srv CPU/op", "peak RSS", "target", "met");
  out << "\n" << header << "\n" << std::string(header.size() + 4, '-') << "\n";
  std::string last_workload;
  for (const Row* ordered_row : ordered) {
    const Row& row = *ordered_row;
    if (!last_workload.empty() && row.workload != last_workload) out << "\n";
    last_workload = row.workload;
    std::string ratio = "-";
    if (std::isfinite(row.ratio)) {
      ratio = absl::StrCat(Fixed(row.ratio, 2), "x");
      if (std::isfinite(row.ratio_min)) {
        ratio += absl::StrCat(" (", Fixed(row.ratio_min, 1), "-", Fixed(row.ratio_max, 1), ")");
      }
    }
    std::string growth = "-";
    if (auto it = smallest.find(row.workload);
        it != smallest.end() && std::isfinite(row.rate) && row.graph_edges != 0 &&
        it->second.second > 0) {
      growth = absl::StrCat(Fixed(row.rate / it->second.second, 2));
    }
    const std::string rate =
        std::isfinite(row.rate) ? absl::StrCat(Human(row.rate), " ", row.rate_unit) : "-";
    const std::string cpu = std::isfinite(row.server_cpu_us)
                                ? absl::StrCat(Micros(row.server_cpu_us), "/", row.cpu_unit)
                                : "-";
    const std::string rss =
        std::isfinite(row.peak_rss_mib) ? absl::StrFormat("%.0fMiB", row.peak_rss_mib) : "-";
    const std::string met = !row.met.has_value() ? "" : (*row.met ? "yes" : "NO");
    out << absl::StrFormat("%-26s %6s %16s %-34s %17s %8s %8s %12s %8s %-20s %s",
                           row.workload, Size(row.graph_edges), ratio, row.floor, rate, growth,
                           Micros(row.p50_us), cpu, rss, row.target, met);
    if (!row.note.empty()) out << "  [" << row.note << "]";
    out << "\n";
  }
}

absl::Status Report::WriteJson(const std::string& path) const {
  std::ofstream out(path, std::ios::trunc);
  if (!out) return absl::UnavailableError(absl::StrCat("cannot write ", path));
  out << "{\n  \"facts\": {";
  for (size_t i = 0; i < facts_.size(); ++i) {
    out << (i == 0 ? "\n" : ",\n") << "    " << JsonString(facts_[i].first) << ": "
        << JsonString(facts_[i].second);
  }
  out << "\n  },\n  \"rows\": [";
  for (size_t i = 0; i < rows_.size(); ++i) {
    const Row& r = rows_[i];
    out << (i == 0 ? "\n" : ",\n") << "    {\"workload\": " << JsonString(r.workload)
        << ", \"graph_edges\": " << r.graph_edges << ", \"floor\": " << JsonString(r.floor)
        << ", \"ratio\": " << JsonNumber(r.ratio) << ", \"ratio_min\": " << JsonNumber(r.ratio_min)
        << ", \"ratio_max\": " << JsonNumber(r.ratio_max) << ", \"rate\": " << JsonNumber(r.rate)
        << ", \"rate_unit\": " << JsonString(r.rate_unit)
        << ", \"p50_us\": " << JsonNumber(r.p50_us) << ", \"p90_us\": " << JsonNumber(r.p90_us)
        << ", \"p99_us\": " << JsonNumber(r.p99_us)
        << ", \"server_cpu_us\": " << JsonNumber(r.server_cpu_us)
        << ", \"cpu_unit\": " << JsonString(r.cpu_unit)
        << ", \"peak_rss_mib\": " << JsonNumber(r.peak_rss_mib)
        << ", \"target\": " << JsonString(r.target) << ", \"met\": "
        << (!r.met.has_value() ? "null" : (*r.met ? "true" : "false"))
        << ", \"note\": " << JsonString(r.note) << ", \"details\": {";
    for (size_t j = 0; j < r.details.size(); ++j) {
      out << (j == 0 ? "" : ", ") << JsonString(r.details[j].first) << ": "
          << JsonNumber(r.details[j].second);
    }
    out << "}}";
  }
  out << "\n  ]\n}\n";
  out.flush();
  if (!out) return absl::UnavailableError(absl::StrCat("write failed: ", path));
  return absl::OkStatus();
}

}  // namespace evidencegraph::bench
