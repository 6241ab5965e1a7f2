#include "bench/service/histogram.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace evidencegraph::bench {

// Values below 2^kSubBits get one bucket each; above, an octave [2^k, 2^k+1)
// is cut into 2^kSubBits equal parts.
int LatencyHistogram::BucketOf(int64_t nanos) {
  const uint64_t v = nanos < 1 ? 1 : static_cast<uint64_t>(nanos);
  const int msb = 63 - std::countl_zero(v);
  if (msb < kSubBits) return static_cast<int>(v);
  const int octave = msb - kSubBits + 1;
  const int sub = static_cast<int>((v >> (msb - kSubBits)) & ((1u << kSubBits) - 1));
  return std::min(kBuckets - 1, (octave << kSubBits) + sub);
}

int64_t LatencyHistogram::UpperEdge(int bucket) {
  const int octave = bucket >> kSubBits;
  const int64_t sub = bucket & ((1 << kSubBits) - 1);
  if (octave == 0) return sub;
  const int shift = octave - 1;
  return (((int64_t{1} << kSubBits) + sub + 1) << shift) - 1;
}

void LatencyHistogram::Record(int64_t nanos) {
  ++buckets_[BucketOf(nanos)];
  ++count_;
  sum_ += static_cast<double>(nanos);
  min_ = std::min(min_, nanos);
  max_ = std::max(max_, nanos);
}

void LatencyHistogram::Merge(const LatencyHistogram& other) {
  for (int i = 0; i < kBuckets; ++i) buckets_[i] += other.buckets_[i];
  count_ += other.count_;
  sum_ += other.sum_;
  min_ = std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
}

double LatencyHistogram::mean_nanos() const {
  return count_ == 0 ? 0.0 : sum_ / static_cast<double>(count_);
}

int64_t LatencyHistogram::Percentile(double q) const {
  if (count_ == 0) return 0;
  q = std::clamp(q, 0.0, 1.0);
  const int64_t rank = std::max<int64_t>(1, static_cast<int64_t>(std::ceil(q * count_)));
  int64_t seen = 0;
  for (int i = 0; i < kBuckets; ++i) {
    seen += buckets_[i];
    if (seen >= rank) return std::clamp(UpperEdge(i), min_, max_);
  }
  return max_;
}

}  // namespace evidencegraph::bench
