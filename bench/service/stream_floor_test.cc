// The maths of scaling a sampled stream floor to the whole stream.
#include "bench/service/stream_floor.h"

#include <cmath>

#include "evidencegraph/v1/query_service.pb.h"
#include "gtest/gtest.h"

namespace evidencegraph::bench {
namespace {

using Response = v1::TraverseResponse;

Response WithVertices(int count) {
  Response m;
  m.set_revision(7);
  for (int i = 0; i < count; ++i) m.add_vertices()->set_name("vertex-name-of-some-length");
  return m;
}

double Bytes(const Response& m) { return static_cast<double>(m.ByteSizeLong()); }

TEST(ScaleToStream, EmptySampleIsNaN) {
  EXPECT_TRUE(std::isnan(ScaleToStream<Response>(1.0, 0.1, {}, 10, 1000)));
}

TEST(ScaleToStream, PerMessagePartByCountAndTheRestByBytes) {
  const std::vector<Response> sample = {WithVertices(3), WithVertices(40)};
  const double sample_bytes = Bytes(sample[0]) + Bytes(sample[1]);
  // 2 s fixed (1 s a message), 8 s over the sample's bytes.
  EXPECT_DOUBLE_EQ(ScaleToStream(10.0, 1.0, sample, 50, 12345),
                   50 * 1.0 + 8.0 / sample_bytes * 12345);
}

TEST(ScaleToStream, SampleLikeTheStreamScalesByCount) {
  const std::vector<Response> sample = {WithVertices(20), WithVertices(20)};
  // The stream: 30 messages like the sample's.
  const auto bytes = static_cast<int64_t>(30 * Bytes(sample[0]));
  EXPECT_NEAR(ScaleToStream(4.0, 0.5, sample, 30, bytes), 4.0 * 30 / 2, 1e-9);
}

TEST(ScaleToStream, TailsMissedBySampleAreNotBilledAsFullMessages) {
  const Response full = WithVertices(250);
  const Response tail = WithVertices(1);
  // Every call sends one full message and one tail; the stride took the
  // full ones only.
  const std::vector<Response> sample(4, full);
  const int64_t calls = 100;
  const auto bytes = static_cast<int64_t>(calls * (Bytes(full) + Bytes(tail)));
  const double per_message = 1e-7;
  const double per_byte = 1e-9;
  const double sample_seconds = 4 * (per_message + per_byte * Bytes(full));
  const double truth = 2 * calls * per_message + per_byte * static_cast<double>(bytes);
  EXPECT_NEAR(ScaleToStream(sample_seconds, per_message, sample, 2 * calls, bytes), truth,
              truth * 1e-9);
  // By count alone it would be close to twice the truth.
  EXPECT_GT(sample_seconds / 4 * 2 * calls, 1.9 * truth);
}

TEST(ScaleToStream, PerMessageCostIsAtMostTheSampleMean) {
  const std::vector<Response> sample = {WithVertices(2), WithVertices(2)};
  EXPECT_DOUBLE_EQ(ScaleToStream(2.0, 5.0, sample, 10, 1 << 20), 2.0 / 2 * 10);
}

TEST(ScaleToStream, EmptyMessagesScaleByCount) {
  const std::vector<Response> sample(3);  // zero bytes each
  EXPECT_DOUBLE_EQ(ScaleToStream(3.0, 0.1, sample, 12, 0), 12.0);
}

TEST(WarmBestSeconds, FastestPassAfterAnUnmeasuredOne) {
  const std::vector<double> passes = {0.5, 9.0, 3.0, 4.0, 7.0, 6.0, 1.0};
  size_t next = 0;
  auto seconds_of = [&](const std::vector<Response>&) { return passes[next++]; };
  EXPECT_DOUBLE_EQ(WarmBestSeconds(seconds_of, std::vector<Response>(2)), 3.0);
  EXPECT_EQ(next, 6u);  // the warm-up and five measured passes
}

TEST(EmptyMessageSeconds, PerMessage) {
  size_t seen = 0;
  auto seconds_of = [&](const std::vector<Response>& m) {
    seen = m.size();
    return 2.56;
  };
  EXPECT_DOUBLE_EQ(EmptyMessageSeconds<Response>(seconds_of), 0.01);
  EXPECT_EQ(seen, 256u);
}

TEST(SampledStreamSeconds, WarmBestSampleAndEmptyCostScaledToTheStream) {
  const std::vector<Response> sample = {WithVertices(10), WithVertices(30)};
  const double per_message = 1e-7;
  const double per_byte = 1e-9;
  const double sample_seconds = 2 * per_message + per_byte * (Bytes(sample[0]) + Bytes(sample[1]));
  // Each call's first pass is cold (10x); later ones alternate slow and fast.
  int calls = 0;
  auto seconds_of = [&](const std::vector<Response>& m) {
    double t = 0;
    for (const Response& r : m) t += per_message + per_byte * Bytes(r);
    return t * (calls++ % 6 == 0 ? 10.0 : (calls % 2 == 0 ? 3.0 : 1.0));
  };
  const int64_t bytes = 1 << 20;
  EXPECT_NEAR(SampledStreamSeconds(seconds_of, sample, 500, bytes),
              ScaleToStream(sample_seconds, per_message, sample, 500, bytes), 1e-12);
  EXPECT_EQ(calls, 12);  // warm-up and five passes, on the sample and on empties
}

TEST(SampledStreamSeconds, EmptySampleIsNaNAndTimesNothing) {
  int calls = 0;
  auto seconds_of = [&](const std::vector<Response>&) {
    ++calls;
    return 1.0;
  };
  EXPECT_TRUE(std::isnan(SampledStreamSeconds(seconds_of, std::vector<Response>(), 10, 100)));
  EXPECT_EQ(calls, 0);
}

}  // namespace
}  // namespace evidencegraph::bench
