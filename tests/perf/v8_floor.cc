// The startup floor: a bare V8 hello world on the same libnode, no v8ws. tests/perf/run
// times it beside the shell on the startup workload (the target is 1.05 times this).
// It runs the workload's file, then prints the line the runner reads.
#include <libplatform/libplatform.h>
#include <v8.h>

#include <cstdio>
#include <fstream>
#include <sstream>

int main(int argc, char** argv) {
  std::stringstream source;
  if (argc > 1)
    source << std::ifstream(argv[1]).rdbuf();
  v8::V8::InitializeICU();
  std::unique_ptr<v8::Platform> platform = v8::platform::NewDefaultPlatform();
  v8::V8::InitializePlatform(platform.get());
  v8::V8::Initialize();
  v8::Isolate::CreateParams params;
  params.array_buffer_allocator = v8::ArrayBuffer::Allocator::NewDefaultAllocator();
  v8::Isolate* isolate = v8::Isolate::New(params);
  {
    v8::Isolate::Scope isolate_scope(isolate);
    v8::HandleScope handle_scope(isolate);
    v8::Local<v8::Context> context = v8::Context::New(isolate);
    v8::Context::Scope context_scope(context);
    // The script's report() reaches V8's own console.log, which prints nothing: the line
    // the runner reads is printed below.
    v8::Local<v8::Script> script;
    v8::TryCatch try_catch(isolate);
    v8::Local<v8::String> code =
        v8::String::NewFromUtf8(isolate, source.str().c_str()).ToLocalChecked();
    if (v8::Script::Compile(context, code).ToLocal(&script))
      script->Run(context).IsEmpty();  // an exception is the script's own business
  }
  isolate->Dispose();
  v8::V8::Dispose();
  v8::V8::DisposePlatform();
  delete params.array_buffer_allocator;
  std::printf("{\"workload\": \"startup\", \"value\": 0, \"unit\": \"ms\"}\n");
  return 0;
}
