// permessage-deflate on zlib: RFC 7692 §7, step names in comments.
#include "net/protocol/permessage_deflate.h"

#include <zlib.h>

#include <cctype>
#include <cstring>
#include <vector>

#include "net/protocol/header_text.h"

namespace v8ws::net {
namespace {

// A window-bits value: 1*DIGIT in 8..15 without leading zeros; a quoted string holding
// the same is allowed too (§7.1, the quoted-string form of an extension parameter).
std::optional<int> ParseWindowBits(std::string value) {
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
    value = value.substr(1, value.size() - 2);
  if (value.empty() || value.size() > 2 || value[0] == '0')
    return std::nullopt;
  for (char c : value) {
    if (!std::isdigit(static_cast<unsigned char>(c)))
      return std::nullopt;
  }
  int bits = std::stoi(value);
  if (bits < 8 || bits > 15)
    return std::nullopt;
  return bits;
}

constexpr uint8_t kTail[4] = {0x00, 0x00, 0xFF, 0xFF};
// A stored block's header bits, byte-aligned: with the tail after it, an empty block.
constexpr uint8_t kEmptyBlock[1] = {0x00};
// zlib's avail_in and avail_out are 32-bit: larger buffers go in in steps of this size
// (smaller only in tests, which cannot afford 4 GiB messages).
constexpr size_t kDefaultZlibStep = size_t{1} << 30;
size_t g_zlib_step = kDefaultZlibStep;

// Hands zlib the next piece of the `left` bytes at `data`, at most one step, and moves
// past it.
void FeedNextStep(z_stream& z, const uint8_t*& data, size_t& left) {
  const size_t step = left < g_zlib_step ? left : g_zlib_step;
  z.next_in = const_cast<Bytef*>(data);
  z.avail_in = static_cast<uInt>(step);
  data += step;
  left -= step;
}

}  // namespace

void PerMessageDeflate::SetZlibStepForTesting(size_t step) {
  g_zlib_step = step ? step : kDefaultZlibStep;
}

const char* DeflateOffer() {
  return "permessage-deflate; client_max_window_bits";
}

std::optional<DeflateParams> ParseDeflateResponse(const std::string& element, std::string* error) {
  DeflateParams params;
  bool seen[4] = {false, false, false, false};
  size_t start = element.find(';');
  while (start != std::string::npos) {
    size_t end = element.find(';', start + 1);
    std::string param = TrimOws(
        element.substr(start + 1, end == std::string::npos ? std::string::npos : end - start - 1));
    start = end;
    size_t eq = param.find('=');
    std::string name = TrimOws(param.substr(0, eq));
    std::optional<std::string> value;
    if (eq != std::string::npos)
      value = TrimOws(param.substr(eq + 1));
    name = AsciiLower(name);
    int index = name == "server_no_context_takeover"   ? 0
                : name == "client_no_context_takeover" ? 1
                : name == "server_max_window_bits"     ? 2
                : name == "client_max_window_bits"     ? 3
                                                       : -1;
    // §7.1: an unknown parameter, or one given twice, declines the whole response.
    if (index < 0) {
      *error = "unknown permessage-deflate parameter '" + name + "'";
      return std::nullopt;
    }
    if (seen[index]) {
      *error = "permessage-deflate parameter '" + name + "' repeated";
      return std::nullopt;
    }
    seen[index] = true;
    if (index <= 1) {
      if (value) {
        *error = "permessage-deflate parameter '" + name + "' takes no value";
        return std::nullopt;
      }
      (index == 0 ? params.server_no_context_takeover : params.client_no_context_takeover) = true;
      continue;
    }
    // §7.1.2.1-7.1.2.2: the window bits need a value in the response.
    std::optional<int> bits = value ? ParseWindowBits(*value) : std::nullopt;
    if (!bits) {
      *error = "invalid permessage-deflate parameter '" + param + "'";
      return std::nullopt;
    }
    (index == 2 ? params.server_max_window_bits : params.client_max_window_bits) = *bits;
  }
  return params;
}

struct PerMessageDeflate::Streams {
  z_stream deflater{};
  z_stream inflater{};
  bool deflater_ready = false;
  bool inflater_ready = false;
  ~Streams() {
    if (deflater_ready)
      deflateEnd(&deflater);
    if (inflater_ready)
      inflateEnd(&inflater);
  }
};

PerMessageDeflate::PerMessageDeflate(const DeflateParams& params)
    : params_(params), streams_(std::make_unique<Streams>()) {}

PerMessageDeflate::~PerMessageDeflate() = default;

bool PerMessageDeflate::Compress(const uint8_t* data, size_t size, Buffer* out) {
  z_stream& z = streams_->deflater;
  if (!streams_->deflater_ready) {
    // Raw DEFLATE (negative window bits) within the window the server allows.
    if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -params_.client_max_window_bits, 8,
                     Z_DEFAULT_STRATEGY) != Z_OK)
      return false;
    streams_->deflater_ready = true;
  }
  const size_t start = out->size();
  // §7.2.1 steps 1-2: compress with a sync flush, which ends on an empty stored block. zlib
  // counts in 32 bits, so the input goes in in steps; only the last one flushes.
  size_t left = size;
  do {
    FeedNextStep(z, data, left);
    const int flush = left == 0 ? Z_SYNC_FLUSH : Z_NO_FLUSH;
    for (;;) {
      const size_t room = deflateBound(&z, z.avail_in) + 16;  // fits: avail_in <= one step
      z.next_out = out->Grow(room);
      z.avail_out = static_cast<uInt>(room);
      const int rc = deflate(&z, flush);
      out->Truncate(out->size() - z.avail_out);
      // Z_BUF_ERROR: nothing to do, as after a flush with no new input.
      if (rc != Z_OK && rc != Z_BUF_ERROR)
        return false;
      if (z.avail_in == 0 && z.avail_out != 0)
        break;
    }
  } while (left > 0);
  // Step 3: drop the 0x00 0x00 0xFF 0xFF that the empty block ends with.
  if (out->size() - start >= 4 && std::memcmp(out->data() + out->size() - 4, kTail, 4) == 0)
    out->Truncate(out->size() - 4);
  // An empty message straight after another one: zlib wrote nothing at all (the previous
  // flush left nothing to flush), but the payload must still hold a DEFLATE block. §7.2.3.6:
  // the single byte 0x00 is an empty stored block once the receiver appends the tail.
  if (out->size() == start)
    out->Append(kEmptyBlock, sizeof(kEmptyBlock));
  if (params_.client_no_context_takeover)
    deflateReset(&z);
  return true;
}

PerMessageDeflate::Result PerMessageDeflate::Decompress(const uint8_t* data,
                                                        size_t size,
                                                        Buffer* out,
                                                        size_t max_size) {
  z_stream& z = streams_->inflater;
  if (!streams_->inflater_ready) {
    // A 32 KiB window decodes what any smaller server window produced.
    if (inflateInit2(&z, -15) != Z_OK)
      return Result::kError;
    streams_->inflater_ready = true;
  }
  size_t left = size;  // input not yet handed to zlib
  z.avail_in = 0;
  bool output_full = false;  // inflate may hold more output than the last call had room for
  for (;;) {
    if (z.avail_in == 0 && left > 0)
      FeedNextStep(z, data, left);
    if (z.avail_in == 0 && !output_full)
      return Result::kOk;
    // Output grows in bounded steps, never past the limit plus one byte (to see it crossed):
    // a small frame that inflates to gigabytes stops at the limit.
    if (out->size() > max_size)
      return Result::kTooBig;
    size_t room = max_size + 1 - out->size();
    if (room > 64 * 1024)
      room = 64 * 1024;
    z.next_out = out->Grow(room);
    z.avail_out = static_cast<uInt>(room);
    const uInt in_before = z.avail_in;
    const int rc = inflate(&z, Z_SYNC_FLUSH);
    const bool progressed = z.avail_in != in_before || z.avail_out != room;
    out->Truncate(out->size() - z.avail_out);
    if (out->size() > max_size)
      return Result::kTooBig;
    output_full = z.avail_out == 0;
    if (rc == Z_STREAM_END) {
      // §7.2.3.4: a block with BFINAL set ends the stream; what follows starts a new one.
      inflateReset(&z);
      at_block_boundary_ = true;
      output_full = false;
      continue;
    }
    if ((rc != Z_OK && rc != Z_BUF_ERROR) || (!progressed && z.avail_in != 0))
      return Result::kError;
    // zlib's data_type: 128 while it waits for the next block header, plus the count of
    // bits it holds from the last byte (none after a stored block such as the tail). Only
    // a call that moved says so: each call first turns that wait into another state.
    if (progressed)
      at_block_boundary_ = (z.data_type & 128) != 0 && (z.data_type & 63) == 0;
  }
}

PerMessageDeflate::Result PerMessageDeflate::FinishMessage(Buffer* out, size_t max_size) {
  // §7.2.2 step 1: append 0x00 0x00 0xFF 0xFF, then inflate.
  Result result = Decompress(kTail, sizeof(kTail), out, max_size);
  if (result != Result::kOk)
    return result;
  // The tail is an empty stored block only where a block ended: a message cut short
  // (an empty payload among them) leaves the inflater inside a block, and the next
  // message would be read as that block's data.
  if (!at_block_boundary_)
    return Result::kError;
  if (params_.server_no_context_takeover)
    inflateReset(&streams_->inflater);
  return result;
}

}  // namespace v8ws::net
