// WARC ingest: archives written here (plain and gzip, one member a record), pages read from
// response records, other records counted, and damaged archives that keep the pages before the
// damage.
#include <gtest/gtest.h>
#include <zlib.h>

#include <chrono>
#include <sstream>

#include "ingest/ingest.h"
#include "ingest/warc.h"
#include "test_util.h"

namespace tally {
namespace {

std::string Gzip(const std::string& bytes) {
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&z, bytes.size()) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  z.avail_in = static_cast<uInt>(bytes.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

std::string Record(const std::string& type, const std::string& uri, const std::string& date, const std::string& block,
                   const std::string& content_type = "application/http; msgtype=response") {
  return "WARC/1.1\r\nWARC-Type: " + type + "\r\nWARC-Target-URI: " + uri + "\r\nWARC-Date: " + date +
         "\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000000>\r\nContent-Type: " + content_type +
         "\r\nContent-Length: " + std::to_string(block.size()) + "\r\n\r\n" + block + "\r\n\r\n";
}

std::string Http(int status, const std::vector<std::pair<std::string, std::string>>& headers, const std::string& body) {
  std::string out = "HTTP/1.1 " + std::to_string(status) + " Whatever\r\n";
  for (const auto& [k, v] : headers) out += k + ": " + v + "\r\n";
  return out + "\r\n" + body;
}

std::string Chunked(const std::string& body) {
  std::string out;
  for (size_t at = 0; at < body.size(); at += 7) {
    const std::string piece = body.substr(at, 7);
    char size[16];
    std::snprintf(size, sizeof size, "%zx", piece.size());
    out += std::string(size) + "\r\n" + piece + "\r\n";
  }
  return out + "0\r\n\r\n";
}

const std::string kPage =
    "<html><head><title>Fire</title></head><body><article><p>Officials said 12 people were killed in the "
    "fire.</p></article></body></html>";

// Records: warcinfo, a page, an image, a 404, a chunked gzip page, a windows-1251 page, a request.
std::vector<std::string> SampleRecords() {
  return {
      Record("warcinfo", "", "2024-12-19T09:00:00Z", "software: tally test\r\n", "application/warc-fields"),
      Record("response", "https://www.Example.com/news/fire?utm_source=rss", "2024-12-19T10:00:00Z",
             Http(200, {{"Content-Type", "text/html; charset=utf-8"}}, kPage)),
      Record("response", "https://example.com/photo.png", "2024-12-19T10:00:01Z",
             Http(200, {{"Content-Type", "image/png"}}, "\x89PNG\r\n\x1a\n")),
      Record("response", "https://example.com/gone", "2024-12-19T10:00:02Z",
             Http(404, {{"Content-Type", "text/html"}}, "<p>Not found.</p>")),
      Record("response", "https://example.com/chunked", "2024-12-20T08:00:00Z",
             Http(200, {{"Content-Type", "text/html"}, {"Transfer-Encoding", "chunked"}, {"Content-Encoding", "gzip"}},
                  Chunked(Gzip(kPage)))),
      Record("response", "https://example.com/ru", "2024-12-21T08:00:00Z",
             Http(200, {{"Content-Type", "text/html; charset=windows-1251"}},
                  "<html><body><p>\xcf\xf0\xe8\xe2\xe5\xf2, 12.</p></body></html>")),  // "Привет" in cp1251
      Record("request", "https://example.com/ru", "2024-12-21T08:00:00Z", "GET /ru HTTP/1.1\r\n\r\n",
             "application/http; msgtype=request"),
  };
}

std::string Join(const std::vector<std::string>& records, bool gzip) {
  std::string out;
  for (const std::string& r : records) out += gzip ? Gzip(r) : r;
  return out;
}

class WarcTest : public testing::TempDirTest {
 protected:
  void Read(const std::vector<std::string>& paths, IngestOptions options = {}) {
    docs_.clear();
    problems_.clear();
    skipped_.clear();
    ReadInputs(paths, options, [&](RawDocument&& d) { docs_.push_back(std::move(d)); },
               [&](const Problem& p) { problems_.push_back(p); }, [&](const Skipped& s) { skipped_.push_back(s); });
  }

  std::vector<RawDocument> docs_;
  std::vector<Problem> problems_;
  std::vector<Skipped> skipped_;
};

TEST_F(WarcTest, ReadsPagesFromPlainAndCompressedArchives) {
  for (bool gzip : {false, true}) {
    const std::string path = Write(gzip ? "crawl.warc.gz" : "crawl.warc", Join(SampleRecords(), gzip));
    Read({path});
    EXPECT_TRUE(problems_.empty()) << problems_[0].where << ": " << problems_[0].status.message();
    ASSERT_EQ(docs_.size(), 3u) << (gzip ? "gzip" : "plain");
    EXPECT_EQ(docs_[0].url, "https://www.Example.com/news/fire?utm_source=rss");
    EXPECT_EQ(docs_[0].id.substr(0, 22), "example.com-news-fire-");
    EXPECT_EQ(docs_[0].captured, "2024-12-19T10:00:00Z");
    EXPECT_TRUE(docs_[0].date.empty());  // the page may state its own
    EXPECT_EQ(docs_[0].format, Format::kHtml);
    EXPECT_EQ(docs_[0].bytes, kPage);
    EXPECT_EQ(docs_[1].url, "https://example.com/chunked");
    EXPECT_EQ(docs_[1].bytes, kPage) << "chunked and gzip-encoded body";
    EXPECT_NE(docs_[2].bytes.find("<p>\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82, 12.</p>"), std::string::npos)
        << "windows-1251 decoded to UTF-8: " << docs_[2].bytes;
    // origins name the record: its offset, or its gzip member's
    EXPECT_EQ(docs_[0].origin.rfind(path + "@", 0), 0u);
    EXPECT_NE(docs_[0].origin, docs_[1].origin);
    ASSERT_EQ(skipped_.size(), 1u);
    EXPECT_EQ(skipped_[0].where, path);
    EXPECT_EQ(skipped_[0].count, 2u);
    EXPECT_NE(skipped_[0].note.find("1 non-HTML response"), std::string::npos) << skipped_[0].note;
    EXPECT_NE(skipped_[0].note.find("1 response with a status other than 2xx"), std::string::npos) << skipped_[0].note;
  }
}

TEST_F(WarcTest, OriginOffsetsPointAtTheRecord) {
  const std::vector<std::string> records = SampleRecords();
  const std::string plain = Join(records, false);
  const std::string path = Write("crawl.warc", plain);
  Read({path});
  ASSERT_EQ(docs_.size(), 3u);
  const size_t at = std::stoul(docs_[0].origin.substr(docs_[0].origin.rfind('@') + 1));
  EXPECT_EQ(at, records[0].size());
  EXPECT_EQ(plain.compare(at, 5, "WARC/"), 0);
  // gzip: the member's offset, where a reader can start decompressing
  const std::string gz = Join(records, true);
  Read({Write("crawl.warc.gz", gz)});
  ASSERT_EQ(docs_.size(), 3u);
  EXPECT_EQ(std::stoul(docs_[0].origin.substr(docs_[0].origin.rfind('@') + 1)), Gzip(records[0]).size());
}

TEST_F(WarcTest, FoldersAndStandardInputFindArchives) {
  Write("a/crawl.warc.gz", Join(SampleRecords(), true));
  Write("a/b/more.WARC", Join({SampleRecords()[1]}, false));
  Read({dir_.string()});
  EXPECT_EQ(docs_.size(), 4u);  // the same page twice, same content: harmless
  // a named file of another extension is sniffed
  Read({Write("capture.bin", Join(SampleRecords(), true))});
  EXPECT_EQ(docs_.size(), 3u);
}

TEST_F(WarcTest, ATruncatedLastMemberKeepsThePagesBeforeIt) {
  std::string gz = Join(SampleRecords(), true);
  const std::string last = Gzip(SampleRecords().back());
  gz.resize(gz.size() - last.size() / 2);
  const std::string path = Write("cut.warc.gz", gz);
  Read({path});
  EXPECT_EQ(docs_.size(), 3u);
  ASSERT_EQ(problems_.size(), 1u);
  EXPECT_EQ(problems_[0].where, path);
  const std::string& m = problems_[0].status.message();
  EXPECT_NE(m.find("record in the gzip member at byte " + std::to_string(gz.size() - (last.size() - last.size() / 2))),
            std::string::npos) << m;
  EXPECT_NE(m.find("truncated"), std::string::npos) << m;
}

// The pages of SampleRecords(): the two after the damage that later tests put in at index 2
// are read past it.
void ExpectAllPages(const std::vector<RawDocument>& docs) {
  ASSERT_EQ(docs.size(), 3u);
  EXPECT_EQ(docs[0].url, "https://www.Example.com/news/fire?utm_source=rss");
  EXPECT_EQ(docs[1].url, "https://example.com/chunked");
  EXPECT_EQ(docs[1].bytes, kPage);
  EXPECT_EQ(docs[2].url, "https://example.com/ru");
}

TEST_F(WarcTest, GarbageBetweenRecordsIsReportedOnceAndReadPast) {
  std::vector<std::string> records = SampleRecords();
  const size_t bad_at = records[0].size() + records[1].size();
  records.insert(records.begin() + 2, "GARBAGE that is no WARC header\r\n\r\nmore of it\nWARC/2.0 not either\r\n");
  const std::string path = Write("bad.warc", Join(records, false));
  Read({path});
  ExpectAllPages(docs_);
  ASSERT_EQ(problems_.size(), 1u);
  EXPECT_EQ(problems_[0].where, path);
  const std::string& m = problems_[0].status.message();
  EXPECT_NE(m.find("record at byte " + std::to_string(bad_at) + ": not a WARC record header"), std::string::npos) << m;
  EXPECT_NE(m.find("skipping to the next record"), std::string::npos) << m;
  ASSERT_EQ(skipped_.size(), 1u);  // the other records were counted as before
  EXPECT_EQ(skipped_[0].count, 2u);
}

TEST_F(WarcTest, ABadHeaderNextToGarbageIsOneProblem) {
  // a damaged stretch: garbage, then a record header without Content-Length, then good records
  std::vector<std::string> records = SampleRecords();
  std::string no_length = records[1];
  no_length.erase(no_length.find("Content-Length: "), no_length.find("\r\n", no_length.find("Content-Length: ")) + 2 - no_length.find("Content-Length: "));
  records.insert(records.begin() + 2, "junk\r\n" + no_length);
  Read({Write("stretch.warc", Join(records, false))});
  ExpectAllPages(docs_);
  EXPECT_EQ(problems_.size(), 1u);
}

// record with its Content-Length field's value replaced
std::string WithLength(std::string record, const std::string& value) {
  const size_t at = record.find("Content-Length: ") + 16;
  record.replace(at, record.find("\r\n", at) - at, value);
  return record;
}

// A length too short or too long (within the document limit, or past it) costs its own record
// only: the records a long one swallowed are read again.
TEST_F(WarcTest, ABogusContentLengthCostsOnlyItsRecord) {
  const std::vector<std::string> sample = SampleRecords();
  const size_t block = sample[1].size() - sample[1].find("\r\n\r\n") - 8;
  const struct {
    std::string length;
    std::string message;
    IngestOptions options;
  } cases[] = {
      {std::to_string(block - 10), "does not end where the record does", {}},
      {std::to_string(block + 10), "does not end where the record does", {}},
      {std::to_string(block + 2000), "the archive ends inside the record", {}},  // read again from inside
      {"99999999999", "runs over the record start at byte", [] {
         IngestOptions small;
         small.max_document_bytes = 600;  // the lying record is not kept: only watched
         return small;
       }()},
      {"-5", "bad Content-Length \"-5\"", {}},
      {"12abc", "bad Content-Length", {}},
      {"999999999999999999999999", "bad Content-Length", {}},
  };
  for (bool gzip : {false, true}) {
    for (const auto& c : cases) {
      std::vector<std::string> records = sample;
      records.insert(records.begin() + 2, WithLength(sample[1], c.length));
      const size_t bad_at = gzip ? Gzip(records[0]).size() + Gzip(records[1]).size() : records[0].size() + records[1].size();
      Read({Write(gzip ? "length.warc.gz" : "length.warc", Join(records, gzip))}, c.options);
      SCOPED_TRACE(c.length + (gzip ? " gzip" : " plain"));
      ExpectAllPages(docs_);
      ASSERT_EQ(problems_.size(), 1u);
      const std::string& m = problems_[0].status.message();
      EXPECT_NE(m.find(std::string(gzip ? "record in the gzip member at byte " : "record at byte ") + std::to_string(bad_at) + ": "),
                std::string::npos) << m;
      EXPECT_NE(m.find(c.message), std::string::npos) << m;
    }
  }
  // a length past the end of the archive: nothing after it to read
  Read({Write("long.warc", sample[0] + WithLength(sample[1], "99999999"))});
  EXPECT_TRUE(docs_.empty());
  ASSERT_EQ(problems_.size(), 1u);
  EXPECT_NE(problems_[0].status.message().find("the archive ends inside the record (Content-Length 99999999"),
            std::string::npos) << problems_[0].status.message();
}

// a gzip member's compressed bytes with some of its deflate data overwritten
std::string Corrupt(std::string member) {
  for (size_t i = 12; i < member.size() - 10; i += 3) member[i] = static_cast<char>(~member[i]);
  return member;
}

TEST_F(WarcTest, ACorruptGzipMemberIsSkippedToTheNextMember) {
  const std::vector<std::string> sample = SampleRecords();
  std::vector<std::string> members;
  for (const std::string& r : sample) members.push_back(Gzip(r));
  const std::string bad = Corrupt(Gzip(sample[1]));
  members.insert(members.begin() + 2, bad);
  std::string archive;
  for (const std::string& m : members) archive += m;
  const size_t bad_at = members[0].size() + members[1].size();
  const std::string path = Write("corrupt.warc.gz", archive);
  Read({path});
  ExpectAllPages(docs_);
  ASSERT_EQ(problems_.size(), 1u);
  EXPECT_EQ(problems_[0].where, path);
  const std::string& m = problems_[0].status.message();
  EXPECT_NE(m.find("gzip member at byte " + std::to_string(bad_at)), std::string::npos) << m;
  EXPECT_NE(m.find("corrupt gzip data"), std::string::npos) << m;
}

TEST_F(WarcTest, ATruncatedGzipMemberInTheMiddleIsSkipped) {
  // a crawler that died while writing a member and started again: the next member follows
  const std::vector<std::string> sample = SampleRecords();
  std::vector<std::string> members;
  for (const std::string& r : sample) members.push_back(Gzip(r));
  const std::string whole = Gzip(sample[1]);
  for (size_t cut : {size_t{10}, whole.size() / 2, whole.size() - 12}) {
    std::vector<std::string> with = members;
    with.insert(with.begin() + 2, whole.substr(0, cut));
    std::string archive;
    for (const std::string& m : with) archive += m;
    Read({Write("cut.warc.gz", archive)});
    SCOPED_TRACE(cut);
    ExpectAllPages(docs_);
    ASSERT_EQ(problems_.size(), 1u);
    EXPECT_NE(problems_[0].status.message().find("gzip member at byte " + std::to_string(with[0].size() + with[1].size())),
              std::string::npos) << problems_[0].status.message();
  }
  // garbage between members, and a truncated record inside a whole member
  std::vector<std::string> with = members;
  with.insert(with.begin() + 2, "not gzip at all, but bytes a disk left");
  with.insert(with.begin() + 4, Gzip(sample[1].substr(0, sample[1].size() / 2)));
  std::string archive;
  for (const std::string& m : with) archive += m;
  Read({Write("junk.warc.gz", archive)});
  ExpectAllPages(docs_);
  EXPECT_EQ(problems_.size(), 2u);  // two damaged stretches, a good record between them
}

TEST_F(WarcTest, ATruncatedRecordInAPlainArchiveIsSkipped) {
  // the record cut in the middle of a line, of its header or of its block; the next one starts
  // right after it
  const std::vector<std::string> sample = SampleRecords();
  const size_t header_end = sample[1].find("\r\n\r\n");
  for (size_t cut : {size_t{30}, header_end - 5, header_end + 40}) {
    std::vector<std::string> records = sample;
    records.insert(records.begin() + 2, sample[1].substr(0, cut));
    Read({Write("cut.warc", Join(records, false))});
    SCOPED_TRACE(cut);
    ExpectAllPages(docs_);
    ASSERT_EQ(problems_.size(), 1u);
    EXPECT_NE(problems_[0].status.message().find("record at byte " + std::to_string(sample[0].size() + sample[1].size())),
              std::string::npos) << problems_[0].status.message();
  }
}

// Resynchronising must not read the same bytes over and over: record starts without a header
// end, and a chain of records each claiming more than it holds, finish in time linear in the
// archive (quadratic would take minutes here). A rewind goes no further back than the previous
// one reached, so such a chain costs the records inside its reach: the price of linear time.
TEST_F(WarcTest, HostileDamageIsReadPastInLinearTime) {
  std::string starts;
  while (starts.size() < (size_t{16} << 20)) starts += "WARC/1.0\r\n";
  // records of one size, each claiming 30,000 records' worth and 7 bytes (never ending at a
  // record's end): without the limit on rewinds, every record would read 10 MB again (30 s here)
  const auto chained = [](int i, const std::string& length) {
    char uri[64];
    std::snprintf(uri, sizeof uri, "https://example.com/%06d", i);
    return WithLength(Record("response", uri, "2024-12-19T10:00:00Z", Http(200, {{"Content-Type", "text/html"}}, "<p>x</p>")),
                      length);
  };
  const size_t size = chained(0, "0000000").size();
  char length[16];
  std::snprintf(length, sizeof length, "%07zu", size * 30000 + 7);
  std::string chain;
  for (int i = 0; i < 40000; ++i) chain += chained(i, length);
  for (const std::string& archive : {starts, chain}) {
    const auto begin = std::chrono::steady_clock::now();
    Read({Write("hostile.warc", archive)});
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
    EXPECT_LT(seconds, 20.0);  // under a second here; searching each start again: minutes
    EXPECT_EQ(problems_.size(), 1u);  // one damaged stretch
  }
}

TEST_F(WarcTest, ARecordOverTheDocumentLimitIsReportedAndReadPast) {
  std::vector<std::string> records = SampleRecords();
  records.insert(records.begin() + 1,
                 Record("response", "https://example.com/huge", "2024-12-19T10:00:00Z",
                        Http(200, {{"Content-Type", "text/html"}}, "<p>" + std::string(200000, 'x') + "</p>")));
  IngestOptions small;
  small.max_document_bytes = 100000;
  Read({Write("big.warc.gz", Join(records, true))}, small);
  EXPECT_EQ(docs_.size(), 3u);
  ASSERT_EQ(problems_.size(), 1u);
  EXPECT_NE(problems_[0].status.message().find("document limit"), std::string::npos);
  // a gzip bomb in a body is cut at the limit too
  records[1] = Record("response", "https://example.com/bomb", "2024-12-19T10:00:00Z",
                      Http(200, {{"Content-Type", "text/html"}, {"Content-Encoding", "gzip"}}, Gzip(std::string(5000000, ' '))));
  Read({Write("bomb.warc", Join(records, false))}, small);
  EXPECT_EQ(docs_.size(), 3u);
  ASSERT_EQ(problems_.size(), 1u);
  EXPECT_NE(problems_[0].status.message().find("once decompressed"), std::string::npos) << problems_[0].status.message();
}

TEST_F(WarcTest, EveryCutOfAnArchiveEndsCleanly) {
  // cut anywhere: never a crash or a hang, never a page that was not whole
  for (bool gzip : {false, true}) {
    const std::string whole = Join(SampleRecords(), gzip);
    for (size_t cut = 0; cut < whole.size(); cut += 13) {
      Read({Write("cut.warc", whole.substr(0, cut))});
      EXPECT_LE(docs_.size(), 3u);
      for (const RawDocument& d : docs_) EXPECT_TRUE(d.bytes == kPage || d.url == "https://example.com/ru");
    }
  }
}

TEST(ArchivedResponse, CharsetsFromTheHeaderOrThePage) {
  Result<ArchivedResponse> r = ParseHttpResponse("HTTP/1.0 200 OK\r\nContent-Type: Text/HTML; Charset=\"ISO-8859-1\"\r\n\r\nbody", 1000);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->content_type, "text/html");
  EXPECT_EQ(r->charset, "iso-8859-1");
  EXPECT_EQ(r->body, "body");
  EXPECT_EQ(MetaCharset("<html><head><META http-equiv=\"Content-Type\" content=\"text/html; charset=KOI8-R\">"), "koi8-r");
  EXPECT_EQ(MetaCharset("<meta charset='shift_jis'>"), "shift_jis");
  EXPECT_EQ(MetaCharset("<meta name=description content=x>"), "");
  EXPECT_FALSE(ParseHttpResponse("GET / HTTP/1.1\r\n\r\n", 1000).ok());
  EXPECT_FALSE(ParseHttpResponse("HTTP/1.1 200 OK\r\nContent-Encoding: br\r\n\r\nxx", 1000).ok());
}

TEST(ArchivedResponse, DeflateBodiesZlibOrRaw) {
  const std::string text = "<p>deflated page</p>";
  std::string zlib_body(compressBound(text.size()), '\0');
  uLongf n = zlib_body.size();
  ASSERT_EQ(compress(reinterpret_cast<Bytef*>(zlib_body.data()), &n, reinterpret_cast<const Bytef*>(text.data()), text.size()), Z_OK);
  zlib_body.resize(n);
  Result<ArchivedResponse> r = ParseHttpResponse("HTTP/1.1 200 OK\r\nContent-Encoding: deflate\r\n\r\n" + zlib_body, 1000);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->body, text);
  const std::string raw = zlib_body.substr(2, zlib_body.size() - 6);  // without the zlib header and checksum
  r = ParseHttpResponse("HTTP/1.1 200 OK\r\nContent-Encoding: deflate\r\n\r\n" + raw, 1000);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->body, text);
}

TEST(DecodeToUtf8, BrowserLabels) {
  EXPECT_EQ(*DecodeToUtf8("caf\xe9 \x93quoted\x94", "ISO-8859-1"), "caf\xc3\xa9 \xe2\x80\x9cquoted\xe2\x80\x9d");
  EXPECT_EQ(*DecodeToUtf8("ok \xff", "utf-8"), "ok \xef\xbf\xbd");
  EXPECT_FALSE(DecodeToUtf8("x", "no-such-charset").ok());
}

TEST(WarcDates, ThePagesOwnDateWinsOverTheCaptureDate) {
  RawDocument raw;
  raw.id = "w";
  raw.format = Format::kHtml;
  raw.captured = "2024-12-19T10:00:00Z";
  raw.bytes = kPage;
  EXPECT_EQ(testing::SharedPipeline().Prepare(RawDocument(raw)).date, "2024-12-19");
  raw.bytes = "<html><head><meta property=\"article:published_time\" content=\"2024-12-18T07:00:00Z\"></head>" +
              kPage.substr(6);
  EXPECT_EQ(testing::SharedPipeline().Prepare(RawDocument(raw)).date, "2024-12-18");
}

}  // namespace
}  // namespace tally
