# QueryService (services/query_service.{h,cc}): the thin gRPC layer over
# query/ (eg_query). Included by services/CMakeLists.txt when eg_storage
# exists; server.cc registers the service.
add_library(eg_query_service STATIC query_service.cc traverse_stream.cc traverse_inline.cc)
target_link_libraries(eg_query_service PUBLIC
  eg_query eg_service_support eg_validation eg_proto gRPC::grpc++)
