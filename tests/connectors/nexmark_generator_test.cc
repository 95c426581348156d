// The Nexmark generator's model: determinism, proportions, id references, skew, event
// time, and the stream source's offsets.

#include "spate/connectors/nexmark_generator.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "spate/connectors/nexmark_source.h"
#include "spate/connectors/stream_sources.h"

namespace spate::connectors {
namespace {

// Struct fields by position, as nexmarkSchema() declares them.
enum Top { kEventType = 0, kPerson = 1, kAuction = 2, kBid = 3, kDateTime = 4 };
enum PersonField { kPersonId = 0, kPersonName = 1, kPersonTime = 6 };
enum AuctionField { kAuctionId = 0, kInitialBid = 3, kReserve = 4, kAuctionTime = 5, kExpires = 6, kSeller = 7,
                    kCategory = 8 };
enum BidField { kBidAuction = 0, kBidder = 1, kPrice = 2, kChannel = 3, kUrl = 4 };

int64_t field(const Batch& b, int top, int child, int64_t row) {
  return b.column(top)->child(child)->valueAt<int64_t>(row);
}

// Each row as text, so that a difference shows which event and field differ.
std::vector<std::string> rows(const std::vector<BatchPtr>& batches) {
  std::vector<std::string> out;
  for (const auto& b : batches) {
    for (int64_t r = 0; r < b->numRows(); ++r) {
      std::string text;
      for (size_t c = 0; c < b->numColumns(); ++c) {
        text += b->column(c)->valueAt(r).toString(*b->schema()->field(c).type) + "|";
      }
      out.push_back(std::move(text));
    }
  }
  return out;
}

// The index of the first row that differs, or -1 when the lists are equal.
int64_t firstDifference(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  for (size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
    if (a[i] != b[i]) return static_cast<int64_t>(i);
  }
  return a.size() == b.size() ? -1 : static_cast<int64_t>(std::min(a.size(), b.size()));
}

TEST(NexmarkGenerator, SameEventsWhateverThePartitionsAndBatchSizes) {
  NexmarkGenerator generator{NexmarkConfig{}};
  const auto whole = rows({generator.generate(0, 3000)});
  ASSERT_EQ(whole.size(), 3000u);
  for (int partitions : {1, 3, 7}) {
    for (int64_t maxRows : {1, 333, 4096}) {
      if (maxRows == 1 && partitions != 7) continue;  // one event per batch is slow; once is enough
      EXPECT_EQ(firstDifference(rows(generator.generatePartitioned(0, 3000, partitions, maxRows)), whole), -1)
          << partitions << " partitions, batches of " << maxRows;
    }
  }
  // A range in the middle is the same as that part of the whole.
  const auto middle = rows({generator.generate(1234, 1300)});
  EXPECT_TRUE(std::equal(middle.begin(), middle.end(), whole.begin() + 1234));
  // Another generator with the same options gives the same events; another seed others.
  EXPECT_EQ(firstDifference(rows({NexmarkGenerator(NexmarkConfig{}).generate(0, 3000)}), whole), -1);
  NexmarkConfig seeded;
  seeded.seed = 42;
  EXPECT_EQ(firstDifference(rows({NexmarkGenerator(seeded).generate(0, 3000)}), whole), 0);
}

TEST(NexmarkGenerator, OnePersonThreeAuctionsFortySixBidsInEveryFiftyEvents) {
  NexmarkGenerator generator{NexmarkConfig{}};
  BatchPtr b = generator.generate(0, 5000);
  for (int64_t epoch = 0; epoch < 100; ++epoch) {
    std::map<int32_t, int> counts;
    for (int64_t r = epoch * 50; r < (epoch + 1) * 50; ++r) {
      const int32_t type = b->column(kEventType)->valueAt<int32_t>(r);
      ++counts[type];
      // The event's own struct is set and the others null.
      for (int32_t t = 0; t < 3; ++t) EXPECT_EQ(b->column(kPerson + t)->isNull(r), t != type) << r;
    }
    ASSERT_EQ(counts, (std::map<int32_t, int>{{0, 1}, {1, 3}, {2, 46}})) << "epoch " << epoch;
  }
}

TEST(NexmarkGenerator, IdsAreConsecutiveAndReferencesPointAtMostTheLeadAhead) {
  NexmarkGenerator generator{NexmarkConfig{}};
  const int64_t events = 200000;
  BatchPtr b = generator.generate(0, events);
  int64_t lastPerson = NexmarkGenerator::kFirstPersonId - 1;
  int64_t lastAuction = NexmarkGenerator::kFirstAuctionId - 1;
  int64_t references = 0;
  int64_t ahead = 0;
  auto check = [&](int64_t id, int64_t first, int64_t last, int lead, int64_t row) {
    ++references;
    EXPECT_GE(id, first) << row;
    EXPECT_LE(id, last + lead) << row;
    if (id > last) ++ahead;
  };
  for (int64_t r = 0; r < events; ++r) {
    switch (b->column(kEventType)->valueAt<int32_t>(r)) {
      case 0:
        ASSERT_EQ(field(*b, kPerson, kPersonId, r), ++lastPerson);
        break;
      case 1:
        ASSERT_EQ(field(*b, kAuction, kAuctionId, r), ++lastAuction);
        check(field(*b, kAuction, kSeller, r), NexmarkGenerator::kFirstPersonId, lastPerson,
              NexmarkGenerator::kPersonIdLead, r);
        break;
      default:
        check(field(*b, kBid, kBidAuction, r), NexmarkGenerator::kFirstAuctionId, lastAuction,
              NexmarkGenerator::kAuctionIdLead, r);
        check(field(*b, kBid, kBidder, r), NexmarkGenerator::kFirstPersonId, lastPerson,
              NexmarkGenerator::kPersonIdLead, r);
    }
  }
  // As in the reference model, a few references run ahead of their row (by at most the
  // lead of 10 ids); almost all name an id that exists already.
  EXPECT_GT(ahead, 0);
  EXPECT_LT(static_cast<double>(ahead) / static_cast<double>(references), 0.05);
}

TEST(NexmarkGenerator, HotAuctionsBiddersAndSellersDominate) {
  NexmarkGenerator generator{NexmarkConfig{}};
  const int64_t events = 100000;
  BatchPtr b = generator.generate(0, events);
  std::map<int64_t, int64_t> bidsPerAuction;
  int64_t bids = 0, hotBidders = 0, auctions = 0, hotSellers = 0;
  for (int64_t r = 0; r < events; ++r) {
    const int32_t type = b->column(kEventType)->valueAt<int32_t>(r);
    if (type == 2) {
      ++bids;
      ++bidsPerAuction[field(*b, kBid, kBidAuction, r)];
      // Hot bidders are the second person of each group of 100.
      if ((field(*b, kBid, kBidder, r) - NexmarkGenerator::kFirstPersonId) % 100 == 1) ++hotBidders;
    } else if (type == 1) {
      ++auctions;
      if ((field(*b, kAuction, kSeller, r) - NexmarkGenerator::kFirstPersonId) % 100 == 0) ++hotSellers;
    }
  }
  int64_t hottest = 0;
  for (const auto& [auction, n] : bidsPerAuction) hottest = std::max(hottest, n);
  const double mean = static_cast<double>(bids) / static_cast<double>(bidsPerAuction.size());
  EXPECT_GT(static_cast<double>(hottest), 20 * mean);
  // hotBiddersRatio = hotSellersRatio = 4: at least 3/4 hot, plus the cold picks that land there.
  EXPECT_GT(static_cast<double>(hotBidders) / static_cast<double>(bids), 0.74);
  EXPECT_LT(static_cast<double>(hotBidders) / static_cast<double>(bids), 0.80);
  EXPECT_GT(static_cast<double>(hotSellers) / static_cast<double>(auctions), 0.73);
}

TEST(NexmarkGenerator, EventTimeAdvancesAtTheRate) {
  NexmarkConfig config;
  config.eventsPerSecond = 1000;  // one event per millisecond
  NexmarkGenerator generator{config};
  BatchPtr b = generator.generate(0, 5000);
  for (int64_t r = 0; r < 5000; ++r) {
    const int64_t micros = (config.baseTimeMillis + r) * 1000;
    ASSERT_EQ(b->column(kDateTime)->valueAt<int64_t>(r), micros) << r;
    const int top = kPerson + b->column(kEventType)->valueAt<int32_t>(r);
    const int timeField = top == kPerson ? kPersonTime : top == kAuction ? kAuctionTime : 5;
    ASSERT_EQ(field(*b, top, timeField, r), micros) << r;
  }
  // The default rate, 10000 events/s: ten events per millisecond, monotone.
  NexmarkGenerator fast{NexmarkConfig{}};
  EXPECT_EQ(fast.timestampMillis(9), fast.config().baseTimeMillis);
  EXPECT_EQ(fast.timestampMillis(10), fast.config().baseTimeMillis + 1);
  EXPECT_EQ(fast.timestampMillis(10000000), fast.config().baseTimeMillis + 1000000);
}

TEST(NexmarkGenerator, FieldsFollowTheModel) {
  NexmarkGenerator generator{NexmarkConfig{}};
  BatchPtr b = generator.generate(0, 50000);
  std::vector<int64_t> prices;
  for (int64_t r = 0; r < b->numRows(); ++r) {
    const int32_t type = b->column(kEventType)->valueAt<int32_t>(r);
    if (type == 1) {
      EXPECT_GE(field(*b, kAuction, kCategory, r), 10);
      EXPECT_LE(field(*b, kAuction, kCategory, r), 14);
      EXPECT_GE(field(*b, kAuction, kReserve, r), field(*b, kAuction, kInitialBid, r));
      EXPECT_GT(field(*b, kAuction, kExpires, r), field(*b, kAuction, kAuctionTime, r));
    } else if (type == 2) {
      prices.push_back(field(*b, kBid, kPrice, r));
      std::string_view channel = b->column(kBid)->child(kChannel)->stringAt(r);
      std::string_view url = b->column(kBid)->child(kUrl)->stringAt(r);
      EXPECT_TRUE(channel == "Google" || channel == "Facebook" || channel == "Baidu" || channel == "Apple" ||
                  channel.substr(0, 8) == "channel-")
          << channel;
      EXPECT_EQ(url.substr(0, 24), "https://www.nexmark.com/");
    } else {
      std::string_view name = b->column(kPerson)->child(kPersonName)->stringAt(r);
      EXPECT_NE(name.find(' '), std::string_view::npos);
      EXPECT_EQ(b->column(kPerson)->child(3)->stringAt(r).size(), 19u);  // "dddd dddd dddd dddd"
    }
  }
  // Prices are log-uniform over $1..$1M in cents: the median near $1000.
  std::sort(prices.begin(), prices.end());
  EXPECT_GE(prices.front(), 100);
  EXPECT_LE(prices.back(), 100000000);
  const int64_t median = prices[prices.size() / 2];
  EXPECT_GT(median, 50000);
  EXPECT_LT(median, 200000);
}

TEST(NexmarkSource, OptionsAreCheckedAndNamed) {
  auto errorOf = [](Options o) {
    StreamSourceRequest r{"nexmark", std::move(o), nullptr, false};
    auto rel = makeStreamSource(r);
    return rel.ok() ? std::string("OK") : rel.status().message();
  };
  EXPECT_EQ(errorOf({}), "OK");
  Options bad;
  bad.set("rate", "0");
  EXPECT_EQ(errorOf(bad), "Invalid value '0'. The option 'rate' of the nexmark source must be positive");
  Options words;
  words.set("events", "many");
  EXPECT_EQ(errorOf(words), "Option 'events' must be an integer, got 'many'");
  EXPECT_EQ(makeNexmarkTableSource({}).status().message(),
            "The nexmark source needs the option 'events' (the number of events) for a batch read");
}

TEST(NexmarkSource, StreamReadsEventsPerTriggerUpToTheTotal) {
  Options o;
  o.set("events", "2500");
  o.set("maxEventsPerTrigger", "1000");
  o.set("partitions", "2");
  auto rel = makeStreamSource(StreamSourceRequest{"nexmark", o, nullptr, false});
  ASSERT_TRUE(rel.ok()) << rel.status().message();
  const auto expected = rows({NexmarkGenerator(NexmarkConfig{}).generate(0, 2500)});
  // Default triggers, then Trigger.AvailableNow: both in steps of maxEventsPerTrigger.
  for (bool availableNow : {false, true}) {
    auto source = (*rel)->createSource(streaming::SourceContext{});
    ASSERT_TRUE(source.ok());
    if (availableNow) {
      ASSERT_TRUE((*source)->prepareForAvailableNow().ok());
    }
    std::optional<streaming::Offset> at;
    std::vector<BatchPtr> all;
    std::vector<std::string> ends;
    for (;;) {
      auto next = (*source)->latestOffset(at, true);
      ASSERT_TRUE(next.ok());
      if (!*next || *next == at) break;
      auto batches = (*source)->getBatch(at, **next);
      ASSERT_TRUE(batches.ok());
      all.insert(all.end(), batches->begin(), batches->end());
      ends.push_back(**next);
      at = *next;
    }
    EXPECT_EQ(ends, (std::vector<std::string>{"1000", "2000", "2500"})) << availableNow;
    EXPECT_EQ(firstDifference(rows(all), expected), -1) << availableNow;
  }
  // Trigger.Once (no read limit) reads a bounded stream to its end at once.
  auto source = (*rel)->createSource(streaming::SourceContext{});
  ASSERT_TRUE(source.ok());
  EXPECT_EQ(**(*source)->latestOffset(std::nullopt, false), "2500");
}

TEST(NexmarkSource, ViewsSqlSelectsEachKindsFields) {
  auto sql = nexmarkViewsSql("events", true);
  ASSERT_EQ(sql.size(), 3u);
  EXPECT_EQ(sql[2],
            "CREATE OR REPLACE TEMPORARY VIEW bid AS SELECT bid.auction AS auction, bid.bidder AS bidder, bid.price AS "
            "price, bid.channel AS channel, bid.url AS url, bid.dateTime AS dateTime, bid.extra AS extra FROM "
            "STREAM(events) WHERE event_type = 2");
}

}  // namespace
}  // namespace spate::connectors
