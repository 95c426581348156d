#pragma once

// The Nexmark auction model (persons, auctions, bids) as the Beam and Flink Nexmark
// generators define it, generated straight into columnar batches. Every event is a pure
// function of its event number and the seed, so any split of the event numbers into
// partitions or batches yields the same events.

#include <cstdint>
#include <string>
#include <vector>

#include "spate/columnar/batch.h"
#include "spate/common/status.h"
#include "spate/io/options.h"

namespace spate::connectors {

// The model's parameters; the defaults are Flink Nexmark's NexmarkConfiguration.
struct NexmarkConfig {
  int64_t events = -1;             // total events; < 0: unbounded
  int64_t eventsPerSecond = 10000;  // event time advances 1/rate per event (firstEventRate)
  int partitions = 1;
  int64_t seed = 0;
  int64_t baseTimeMillis = 1436918400000;  // 2015-07-15T00:00:00Z, Beam Nexmark's BASE_TIME
  int personProportion = 1;
  int auctionProportion = 3;
  int bidProportion = 46;
  int hotAuctionRatio = 2;   // a bid is for a hot auction with probability 1 - 1/ratio
  int hotSellersRatio = 4;   // an auction is by a hot seller with probability 1 - 1/ratio
  int hotBiddersRatio = 4;   // a bid is by a hot bidder with probability 1 - 1/ratio
  int numInFlightAuctions = 100;
  int numActivePeople = 1000;
  int avgPersonByteSize = 200;
  int avgAuctionByteSize = 500;
  int avgBidByteSize = 100;

  int totalProportion() const { return personProportion + auctionProportion + bidProportion; }
};

// Reads the source options (events, rate, partitions, seed, baseTime and the model's
// proportions and ratios); errors name the option.
Result<NexmarkConfig> parseNexmarkOptions(const Options& options, bool requireEvents);

// event_type (0 person, 1 auction, 2 bid), person, auction and bid structs (null unless
// the event is of that kind), dateTime: the layout of Flink Nexmark's datagen table.
SchemaPtr nexmarkSchema();

enum class NexmarkEventKind : int32_t { kPerson = 0, kAuction = 1, kBid = 2 };

class NexmarkGenerator {
 public:
  static constexpr int64_t kFirstPersonId = 1000;
  static constexpr int64_t kFirstAuctionId = 1000;
  static constexpr int64_t kFirstCategoryId = 10;
  static constexpr int kNumCategories = 5;
  static constexpr int kPersonIdLead = 10;   // ids of people not created yet that may be referenced
  static constexpr int kAuctionIdLead = 10;  // the same for auctions
  static constexpr int kHotGroupSize = 100;  // a hot person/auction is the first (+1) of its group of 100
  static constexpr int kChannels = 10000;

  explicit NexmarkGenerator(NexmarkConfig config);

  const NexmarkConfig& config() const { return config_; }

  NexmarkEventKind kindOf(int64_t eventNumber) const;
  // Event time of an event, in milliseconds since the epoch.
  int64_t timestampMillis(int64_t eventNumber) const;
  // The id (base 0) of the last person / auction created up to and including this event.
  int64_t lastBase0PersonId(int64_t eventNumber) const;
  int64_t lastBase0AuctionId(int64_t eventNumber) const;

  // Events [first, end) in order, as one batch of nexmarkSchema().
  BatchPtr generate(int64_t first, int64_t end) const;
  // The same range cut into `partitions` contiguous slices, generated in parallel, each
  // in batches of at most maxRows: concatenated they are exactly generate(first, end)'s rows.
  std::vector<BatchPtr> generatePartitioned(int64_t first, int64_t end, int partitions, int64_t maxRows) const;

  // The per-event random stream (defined in the .cc).
  class Random;

 private:
  struct Builders;

  void person(int64_t n, Random& random, int64_t tsMillis, Builders& b) const;
  void auction(int64_t n, Random& random, int64_t tsMillis, Builders& b) const;
  void bid(int64_t n, Random& random, int64_t tsMillis, Builders& b) const;
  int64_t nextBase0PersonId(int64_t n, Random& random) const;
  int64_t nextBase0AuctionId(int64_t n, Random& random) const;

  NexmarkConfig config_;
  double interEventDelayUs_;
  // Channel names and URLs: kChannels ordinary ones then 4 hot ones, in one arena.
  std::string channelArena_;
  std::vector<uint32_t> channelBegin_;  // 2 entries per channel (name, url) + 1
};

}  // namespace spate::connectors
