// Scaling a stream's serialisation (or parse) time measured on a sample of
// its messages to every message the stream delivered, for the floors of the
// streaming workloads (workloads_streams.cc).
#ifndef EVIDENCEGRAPH_BENCH_SERVICE_STREAM_FLOOR_H_
#define EVIDENCEGRAPH_BENCH_SERVICE_STREAM_FLOOR_H_

#include <algorithm>
#include <cstdint>
#include <vector>

#include "bench/service/measure.h"

namespace evidencegraph::bench {

// `sample_seconds` (every message of `sample` once) scaled to a stream of
// `messages` messages and `bytes` bytes: a per-message cost (`empty_seconds`,
// one default message, at most the sample's mean) times the message count
// plus the rest of the sample's time per byte times the bytes. Why not by
// count alone: a traversal's last message is usually a small tail, and an
// evenly strided sample can hold every call's first (full) message only,
// which would bill each tail as a full message.
template <typename Message>
double ScaleToStream(double sample_seconds, double empty_seconds,
                     const std::vector<Message>& sample, int64_t messages, int64_t bytes) {
  if (sample.empty()) return kNaN;
  const double n = static_cast<double>(sample.size());
  double sample_bytes = 0;
  for (const Message& m : sample) sample_bytes += static_cast<double>(m.ByteSizeLong());
  if (sample_bytes <= 0) return sample_seconds / n * static_cast<double>(messages);
  const double fixed = std::clamp(empty_seconds * n, 0.0, sample_seconds);
  return fixed / n * static_cast<double>(messages) +
         (sample_seconds - fixed) / sample_bytes * static_cast<double>(bytes);
}

// The fastest of a few passes of `seconds_of(messages)` after one unmeasured
// pass. Why: a sample is a few dozen messages, so one pass is mostly warm-up
// (the output string growing, cold code), and one preemption during it is
// multiplied by the whole stream's scale; the server's serialisation it
// stands for runs warm, on messages it has just built.
template <typename Message, typename SecondsOf>
double WarmBestSeconds(SecondsOf seconds_of, const std::vector<Message>& messages) {
  constexpr int kPasses = 5;
  seconds_of(messages);
  double best = seconds_of(messages);
  for (int i = 1; i < kPasses; ++i) best = std::min(best, seconds_of(messages));
  return best;
}

// Seconds per message of `seconds_of` on default (empty) messages: the
// per-message part of ScaleToStream.
template <typename Message, typename SecondsOf>
double EmptyMessageSeconds(SecondsOf seconds_of) {
  constexpr size_t kEmpties = 256;
  const std::vector<Message> empties(kEmpties);
  return WarmBestSeconds(seconds_of, empties) / kEmpties;
}

// `seconds_of` a stream of `messages` messages and `bytes` bytes, estimated
// from `sample`: its warm best pass and the empty-message cost, scaled by
// ScaleToStream. The one estimate every streaming floor uses, so their
// ratios compare.
template <typename Message, typename SecondsOf>
double SampledStreamSeconds(SecondsOf seconds_of, const std::vector<Message>& sample,
                            int64_t messages, int64_t bytes) {
  if (sample.empty()) return kNaN;
  return ScaleToStream(WarmBestSeconds(seconds_of, sample),
                       EmptyMessageSeconds<Message>(seconds_of), sample, messages, bytes);
}

}  // namespace evidencegraph::bench

#endif  // EVIDENCEGRAPH_BENCH_SERVICE_STREAM_FLOOR_H_
