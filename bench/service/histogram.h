// LatencyHistogram: call latencies in log-linear buckets (HdrHistogram's
// idea, 32 sub-buckets per power of two, so any percentile is within ~3% of
// the true value) with exact count, sum, min and max.
//
// Why not keep every sample: load runs are bounded in time, not in memory
// per call, and merging per-slot histograms is a vector add.
// Thread-safety: none; the load driver gives every slot its own histogram
// and merges them after the run.
#ifndef EVIDENCEGRAPH_BENCH_SERVICE_HISTOGRAM_H_
#define EVIDENCEGRAPH_BENCH_SERVICE_HISTOGRAM_H_

#include <array>
#include <cstdint>

namespace evidencegraph::bench {

class LatencyHistogram {
 public:
  void Record(int64_t nanos);
  void Merge(const LatencyHistogram& other);

  int64_t count() const { return count_; }
  // 0 when empty.
  int64_t min_nanos() const { return count_ == 0 ? 0 : min_; }
  int64_t max_nanos() const { return max_; }
  double mean_nanos() const;
  // The q-quantile (q in [0, 1]), the upper edge of its bucket clamped to
  // [min, max]; 0 when empty.
  int64_t Percentile(double q) const;

 private:
  static constexpr int kSubBits = 5;  // 32 linear sub-buckets per octave
  static constexpr int kOctaves = 40;  // up to 2^40 ns (~18 minutes)
  static constexpr int kBuckets = (kOctaves + 1) << kSubBits;
  static int BucketOf(int64_t nanos);
  static int64_t UpperEdge(int bucket);

  std::array<int64_t, kBuckets> buckets_{};
  int64_t count_ = 0;
  double sum_ = 0;
  int64_t min_ = INT64_MAX;
  int64_t max_ = 0;
};

}  // namespace evidencegraph::bench

#endif  // EVIDENCEGRAPH_BENCH_SERVICE_HISTOGRAM_H_
