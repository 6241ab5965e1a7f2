// The machine a benchmark ran on, for the report: CPU count and model,
// memory, load average at start. Read from /proc (Linux).
// Thread-safety: stateless functions.
#ifndef EVIDENCEGRAPH_BENCH_SERVICE_MACHINE_FACTS_H_
#define EVIDENCEGRAPH_BENCH_SERVICE_MACHINE_FACTS_H_

#include <string>
#include <utility>
#include <vector>

namespace evidencegraph::bench {

// {"nproc", "2"}, {"cpu", "AMD EPYC"}, {"memory", "23.4 GiB"}, {"loadavg", ...}.
std::vector<std::pair<std::string, std::string>> MachineFacts();

}  // namespace evidencegraph::bench

#endif  // EVIDENCEGRAPH_BENCH_SERVICE_MACHINE_FACTS_H_
