// ArenaRequestAllocator: a gRPC message allocator for callback unary methods
// with large requests (BatchWrite). gRPC parses the request into a
// google::protobuf::Arena, so its thousands of sub-messages and strings cost
// a pointer bump each instead of a malloc and a free, and the whole request
// is freed at once when the call is done. The response stays on the heap:
// handlers move storage's heap-built results into it, which between a heap
// and an arena message would be a deep copy.
//
// Handlers see the request as usual (const, read only); nothing may keep a
// pointer into it past the call (translation copies what storage keeps).
//
// Thread-safety: AllocateMessages may be called concurrently (stateless);
// each holder belongs to one call. Ownership: gRPC owns each holder from
// AllocateMessages until it calls Release().
#ifndef EVIDENCEGRAPH_SERVICES_ARENA_REQUEST_ALLOCATOR_H_
#define EVIDENCEGRAPH_SERVICES_ARENA_REQUEST_ALLOCATOR_H_

#include <cstddef>
#include <memory>

#include "google/protobuf/arena.h"
#include "grpcpp/support/message_allocator.h"

namespace evidencegraph::services {

// Block sizes of a request's arena: a small request fits the first block; a
// 1000-operation BatchWrite takes ~10-20 blocks. Blocks stay below glibc's
// 64 KiB fastbin-consolidation and 128 KiB mmap thresholds, so freeing them
// neither sweeps the heap nor unmaps pages.
inline constexpr size_t kRequestArenaStartBlock = 8 << 10;
inline constexpr size_t kRequestArenaMaxBlock = 32 << 10;

template <typename Request, typename Response>
class ArenaRequestAllocator final : public grpc::MessageAllocator<Request, Response> {
 public:
  grpc::MessageHolder<Request, Response>* AllocateMessages() override {
    // gRPC's interface hands out a raw pointer and gives it back through
    // Release(), which deletes the holder.
    return std::make_unique<Holder>().release();
  }

 private:
  class Holder final : public grpc::MessageHolder<Request, Response> {
   public:
    Holder() : arena_(Options()) {
      this->set_request(google::protobuf::Arena::CreateMessage<Request>(&arena_));
      this->set_response(&response_);
    }
    void Release() override { std::unique_ptr<Holder> self(this); }

   private:
    static google::protobuf::ArenaOptions Options() {
      google::protobuf::ArenaOptions options;
      options.start_block_size = kRequestArenaStartBlock;
      options.max_block_size = kRequestArenaMaxBlock;
      return options;
    }

    google::protobuf::Arena arena_;  // owns the request
    Response response_;
  };
};

}  // namespace evidencegraph::services

#endif  // EVIDENCEGRAPH_SERVICES_ARENA_REQUEST_ALLOCATOR_H_
