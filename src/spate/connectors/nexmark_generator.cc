#include "spate/connectors/nexmark_generator.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "spate/columnar/builder.h"
#include "spate/common/thread_pool.h"

namespace spate::connectors {

namespace {

constexpr std::array<std::string_view, 6> kUsStates = {"AZ", "CA", "ID", "OR", "WA", "WY"};
constexpr std::array<std::string_view, 10> kUsCities = {"Phoenix", "Los Angeles", "San Francisco", "Boise", "Portland",
                                                        "Bend",    "Redmond",     "Seattle",       "Kent",  "Cheyenne"};
constexpr std::array<std::string_view, 11> kFirstNames = {"Peter", "Paul",  "Luke",  "John",   "Saul",  "Vicky",
                                                          "Kate",  "Julie", "Sarah", "Deiter", "Walter"};
constexpr std::array<std::string_view, 9> kLastNames = {"Shultz", "Abrams", "Spencer", "White", "Bartels",
                                                        "Walton", "Smith",  "Jones",   "Noris"};
constexpr std::array<std::string_view, 4> kHotChannels = {"Google", "Facebook", "Baidu", "Apple"};
constexpr int kMinStringLength = 3;
constexpr int kMaxStringLength = 100;  // the longest nextString the model asks for (descriptions)
constexpr int kHotChannelsRatio = 2;   // a bid comes through a hot channel with probability 1/2

uint64_t mix64(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

}  // namespace

// A small, fast random stream per event (SplitMix64). Seeding each event by its number
// is what makes the events independent of how the numbers are split; the generators in
// Beam seed java.util.Random the same way, but its first outputs for neighbouring seeds
// are correlated, which would make the hot/cold choices of neighbouring events alike.
class NexmarkGenerator::Random {
 public:
  Random(uint64_t seedKey, uint64_t stream) : state_(mix64(seedKey ^ (stream * 0x9e3779b97f4a7c15ULL))) {}
  uint64_t next() {
    state_ += 0x9e3779b97f4a7c15ULL;
    return mix64(state_);
  }
  // Uniform in [0, bound), bound > 0 (Lemire's multiply-shift; the bias is below 2^-40).
  int64_t below(int64_t bound) {
    return static_cast<int64_t>((static_cast<unsigned __int128>(next()) * static_cast<uint64_t>(bound)) >> 64);
  }
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

 private:
  uint64_t state_;
};

namespace {

using Random = NexmarkGenerator::Random;

// Letters with an occasional `space` (1 in 13), of length 3 to maxLength - 1, trimmed
// of spaces at the ends when space is ' ': the model's nextString.
int writeRandomString(Random& random, int maxLength, char space, char* out) {
  const int64_t length = kMinStringLength + random.below(maxLength - kMinStringLength);
  int64_t n = 0;
  for (int64_t i = 0; i < length; ++i) {
    // One draw of 13 * 26 values: 26 of them (1/13) are the space.
    const int64_t v = random.below(13 * 26);
    out[n++] = v < 26 ? space : static_cast<char>('a' + v % 26);
  }
  int64_t begin = 0;
  if (space == ' ') {
    while (begin < n && out[begin] == ' ') ++begin;
    while (n > begin && out[n - 1] == ' ') --n;
  }
  if (begin > 0) std::memmove(out, out + begin, static_cast<size_t>(n - begin));
  return static_cast<int>(n - begin);
}

int appendRandomString(StringColumnBuilder& column, Random& random, int maxLength) {
  char text[kMaxStringLength];
  const int n = writeRandomString(random, maxLength, ' ', text);
  column.dataBuffer().append(text, n);
  column.commit();
  return n;
}

// Letters only, exactly `length` of them. Each 64-bit draw is read as a fraction in
// [0, 1) whose base-26 digits are the letters: one multiply per letter, 12 per draw.
void appendExactString(Buffer& out, Random& random, int64_t length) {
  char chunk[1024];
  while (length > 0) {
    const int64_t n = std::min<int64_t>(length, sizeof(chunk));
    for (int64_t i = 0; i < n;) {
      uint64_t fraction = random.next();
      for (int64_t k = 0; k < 12 && i < n; ++k, ++i) {
        const unsigned __int128 scaled = static_cast<unsigned __int128>(fraction) * 26u;
        chunk[i] = static_cast<char>('a' + static_cast<int>(scaled >> 64));
        fraction = static_cast<uint64_t>(scaled);
      }
    }
    out.append(chunk, n);
    length -= n;
  }
}

// Padding that brings an event's size to desiredAverage on average, +-20%: the model's extra.
void appendExtra(StringColumnBuilder& column, Random& random, int64_t currentSize, int64_t desiredAverage) {
  if (currentSize < desiredAverage) {
    const int64_t wanted = desiredAverage - currentSize;
    const auto delta = static_cast<int64_t>(std::llround(static_cast<double>(wanted) * 0.2));
    const int64_t size = wanted - delta + (delta == 0 ? 0 : random.below(2 * delta));
    appendExactString(column.dataBuffer(), random, size);
  }
  column.commit();
}

// A price in cents, log-uniform between $1 and $1M.
int64_t nextPrice(Random& random) { return std::llround(std::pow(10.0, random.unit() * 6.0) * 100.0); }

void appendString(StringColumnBuilder& column, std::string_view s) {
  column.dataBuffer().append(s.data(), static_cast<int64_t>(s.size()));
}

FixedColumnBuilder<int64_t> zeroedLongs(const TypePtr& type, int64_t n) {
  FixedColumnBuilder<int64_t> b(type, n);
  std::fill(b.data(), b.data() + n, 0);
  return b;
}

BufferPtr zeroedBits(int64_t n) {
  BufferPtr bits = allocateBuffer(bits::bytesFor(n));
  std::fill(bits->data(), bits->data() + bits::bytesFor(n), uint8_t{0});
  return bits;
}

TypePtr personType() {
  return DataType::struct_({{"id", DataType::long_()},
                            {"name", DataType::string()},
                            {"emailAddress", DataType::string()},
                            {"creditCard", DataType::string()},
                            {"city", DataType::string()},
                            {"state", DataType::string()},
                            {"dateTime", DataType::timestamp()},
                            {"extra", DataType::string()}});
}

TypePtr auctionType() {
  return DataType::struct_({{"id", DataType::long_()},
                            {"itemName", DataType::string()},
                            {"description", DataType::string()},
                            {"initialBid", DataType::long_()},
                            {"reserve", DataType::long_()},
                            {"dateTime", DataType::timestamp()},
                            {"expires", DataType::timestamp()},
                            {"seller", DataType::long_()},
                            {"category", DataType::long_()},
                            {"extra", DataType::string()}});
}

TypePtr bidType() {
  return DataType::struct_({{"auction", DataType::long_()},
                            {"bidder", DataType::long_()},
                            {"price", DataType::long_()},
                            {"channel", DataType::string()},
                            {"url", DataType::string()},
                            {"dateTime", DataType::timestamp()},
                            {"extra", DataType::string()}});
}

}  // namespace

SchemaPtr nexmarkSchema() {
  static const SchemaPtr schema = std::make_shared<const Schema>(Schema()
                                                                     .add("event_type", DataType::int_())
                                                                     .add("person", personType())
                                                                     .add("auction", auctionType())
                                                                     .add("bid", bidType())
                                                                     .add("dateTime", DataType::timestamp()));
  return schema;
}

// One column builder per leaf field, all for the same n rows. Where the event is of
// another kind a struct's fields are zero or empty, and null through the struct's bitmap,
// which every field shares.
struct NexmarkGenerator::Builders {
  explicit Builders(int64_t n)
      : rows(n),
        eventType(DataType::int_(), n),
        dateTime(DataType::timestamp(), n),
        personValid(zeroedBits(n)),
        auctionValid(zeroedBits(n)),
        bidValid(zeroedBits(n)),
        personId(zeroedLongs(DataType::long_(), n)),
        personName(DataType::string(), n, n / 50 * 12),
        personEmail(DataType::string(), n, n / 50 * 12),
        personCard(DataType::string(), n, n / 50 * 19),
        personCity(DataType::string(), n, n / 50 * 8),
        personState(DataType::string(), n, n / 50 * 2),
        personTime(zeroedLongs(DataType::timestamp(), n)),
        personExtra(DataType::string(), n, n / 50 * 150),
        auctionId(zeroedLongs(DataType::long_(), n)),
        auctionItem(DataType::string(), n, n / 50 * 3 * 11),
        auctionDescription(DataType::string(), n, n / 50 * 3 * 51),
        auctionInitialBid(zeroedLongs(DataType::long_(), n)),
        auctionReserve(zeroedLongs(DataType::long_(), n)),
        auctionTime(zeroedLongs(DataType::timestamp(), n)),
        auctionExpires(zeroedLongs(DataType::timestamp(), n)),
        auctionSeller(zeroedLongs(DataType::long_(), n)),
        auctionCategory(zeroedLongs(DataType::long_(), n)),
        auctionExtra(DataType::string(), n, n / 50 * 3 * 400),
        bidAuction(zeroedLongs(DataType::long_(), n)),
        bidBidder(zeroedLongs(DataType::long_(), n)),
        bidPrice(zeroedLongs(DataType::long_(), n)),
        bidChannel(DataType::string(), n, n * 8),
        bidUrl(DataType::string(), n, n * 70),
        bidTime(zeroedLongs(DataType::timestamp(), n)),
        bidExtra(DataType::string(), n, n * 70) {}

  // A row of another kind: empty strings, made null by the struct's validity at finish().
  void skipPerson() {
    for (StringColumnBuilder* s : {&personName, &personEmail, &personCard, &personCity, &personState, &personExtra}) {
      s->commit();
    }
  }
  void skipAuction() {
    for (StringColumnBuilder* s : {&auctionItem, &auctionDescription, &auctionExtra}) s->commit();
  }
  void skipBid() {
    for (StringColumnBuilder* s : {&bidChannel, &bidUrl, &bidExtra}) s->commit();
  }

  // A string field sharing its struct's validity bitmap.
  static ColumnPtr withValidity(StringColumnBuilder& builder, const BufferPtr& valid) {
    ColumnPtr built = builder.finish();
    return std::make_shared<Column>(built->type(), built->length(), valid, built->valuesBuffer(), built->dataBuffer(),
                                    std::vector<ColumnPtr>{});
  }

  BatchPtr finish() {
    personId.shareValidity(personValid);
    personTime.shareValidity(personValid);
    for (auto* f : {&auctionId, &auctionInitialBid, &auctionReserve, &auctionTime, &auctionExpires, &auctionSeller,
                    &auctionCategory}) {
      f->shareValidity(auctionValid);
    }
    for (auto* f : {&bidAuction, &bidBidder, &bidPrice, &bidTime}) f->shareValidity(bidValid);
    const SchemaPtr& schema = nexmarkSchema();
    auto person = std::make_shared<Column>(
        schema->field(1).type, rows, personValid, nullptr, nullptr,
        std::vector<ColumnPtr>{personId.finish(), withValidity(personName, personValid),
                               withValidity(personEmail, personValid), withValidity(personCard, personValid),
                               withValidity(personCity, personValid), withValidity(personState, personValid),
                               personTime.finish(), withValidity(personExtra, personValid)});
    auto auction = std::make_shared<Column>(
        schema->field(2).type, rows, auctionValid, nullptr, nullptr,
        std::vector<ColumnPtr>{auctionId.finish(), withValidity(auctionItem, auctionValid),
                               withValidity(auctionDescription, auctionValid), auctionInitialBid.finish(),
                               auctionReserve.finish(), auctionTime.finish(), auctionExpires.finish(),
                               auctionSeller.finish(), auctionCategory.finish(),
                               withValidity(auctionExtra, auctionValid)});
    auto bid = std::make_shared<Column>(
        schema->field(3).type, rows, bidValid, nullptr, nullptr,
        std::vector<ColumnPtr>{bidAuction.finish(), bidBidder.finish(), bidPrice.finish(),
                               withValidity(bidChannel, bidValid), withValidity(bidUrl, bidValid), bidTime.finish(),
                               withValidity(bidExtra, bidValid)});
    return std::make_shared<Batch>(
        schema, std::vector<ColumnPtr>{eventType.finish(), std::move(person), std::move(auction), std::move(bid),
                                       dateTime.finish()},
        rows);
  }

  int64_t rows;
  FixedColumnBuilder<int32_t> eventType;
  FixedColumnBuilder<int64_t> dateTime;
  BufferPtr personValid, auctionValid, bidValid;
  FixedColumnBuilder<int64_t> personId;
  StringColumnBuilder personName, personEmail, personCard, personCity, personState;
  FixedColumnBuilder<int64_t> personTime;
  StringColumnBuilder personExtra;
  FixedColumnBuilder<int64_t> auctionId;
  StringColumnBuilder auctionItem, auctionDescription;
  FixedColumnBuilder<int64_t> auctionInitialBid, auctionReserve, auctionTime, auctionExpires, auctionSeller,
      auctionCategory;
  StringColumnBuilder auctionExtra;
  FixedColumnBuilder<int64_t> bidAuction, bidBidder, bidPrice;
  StringColumnBuilder bidChannel, bidUrl;
  FixedColumnBuilder<int64_t> bidTime;
  StringColumnBuilder bidExtra;
};

NexmarkGenerator::NexmarkGenerator(NexmarkConfig config)
    : config_(config), interEventDelayUs_(1000000.0 / static_cast<double>(config.eventsPerSecond)) {
  // Each channel's URL is fixed by the seed: every event through it carries the same one.
  const uint64_t seedKey = mix64(static_cast<uint64_t>(config_.seed) ^ 0x6368616e6e656cULL);
  auto addChannel = [&](std::string_view name, int64_t stream) {
    Random random(seedKey, static_cast<uint64_t>(stream));
    channelBegin_.push_back(static_cast<uint32_t>(channelArena_.size()));
    channelArena_ += name;
    channelBegin_.push_back(static_cast<uint32_t>(channelArena_.size()));
    channelArena_ += "https://www.nexmark.com/";
    for (int part = 0; part < 3; ++part) {
      char text[8];
      channelArena_.append(text, static_cast<size_t>(writeRandomString(random, 5, '_', text)));
      channelArena_ += '/';
    }
    channelArena_ += "item.htm?query=1";
    if (stream < kChannels && random.below(10) > 0) {
      // The bit-reversed channel number, as the reference model's channel_id.
      uint32_t reversed = 0;
      for (int bit = 0; bit < 32; ++bit) reversed |= ((static_cast<uint32_t>(stream) >> bit) & 1u) << (31 - bit);
      channelArena_ += fmt::format("&channel_id={}", std::llabs(static_cast<int32_t>(reversed)));
    }
  };
  for (int c = 0; c < kChannels; ++c) addChannel(fmt::format("channel-{}", c), c);
  for (size_t h = 0; h < kHotChannels.size(); ++h) addChannel(kHotChannels[h], kChannels + static_cast<int64_t>(h));
  channelBegin_.push_back(static_cast<uint32_t>(channelArena_.size()));
}

NexmarkEventKind NexmarkGenerator::kindOf(int64_t eventNumber) const {
  const int64_t rem = eventNumber % config_.totalProportion();
  if (rem < config_.personProportion) return NexmarkEventKind::kPerson;
  if (rem < config_.personProportion + config_.auctionProportion) return NexmarkEventKind::kAuction;
  return NexmarkEventKind::kBid;
}

int64_t NexmarkGenerator::timestampMillis(int64_t eventNumber) const {
  return config_.baseTimeMillis + static_cast<int64_t>(static_cast<double>(eventNumber) * interEventDelayUs_) / 1000;
}

int64_t NexmarkGenerator::lastBase0PersonId(int64_t eventNumber) const {
  const int64_t epoch = eventNumber / config_.totalProportion();
  const int64_t offset = std::min<int64_t>(eventNumber % config_.totalProportion(), config_.personProportion - 1);
  return epoch * config_.personProportion + offset;
}

int64_t NexmarkGenerator::lastBase0AuctionId(int64_t eventNumber) const {
  int64_t epoch = eventNumber / config_.totalProportion();
  int64_t offset = eventNumber % config_.totalProportion();
  if (offset < config_.personProportion) {
    // Before this epoch's first auction: the last one of the previous epoch.
    --epoch;
    offset = config_.auctionProportion - 1;
  } else if (offset >= config_.personProportion + config_.auctionProportion) {
    offset = config_.auctionProportion - 1;
  } else {
    offset -= config_.personProportion;
  }
  return epoch * config_.auctionProportion + offset;
}

// One of the active people, or one of the next few to be created (so that some
// references run ahead of the person, as in the reference model).
int64_t NexmarkGenerator::nextBase0PersonId(int64_t n, Random& random) const {
  const int64_t numPeople = lastBase0PersonId(n) + 1;
  const int64_t active = std::min<int64_t>(numPeople, config_.numActivePeople);
  return numPeople - active + random.below(active + kPersonIdLead);
}

// One of the auctions likely still in flight, or one of the next few.
int64_t NexmarkGenerator::nextBase0AuctionId(int64_t n, Random& random) const {
  const int64_t maxAuction = lastBase0AuctionId(n);
  const int64_t minAuction = std::max<int64_t>(maxAuction - config_.numInFlightAuctions, 0);
  return minAuction + random.below(maxAuction - minAuction + 1 + kAuctionIdLead);
}

void NexmarkGenerator::person(int64_t n, Random& random, int64_t tsMillis, Builders& b) const {
  const int64_t row = b.personName.length();
  b.personId.data()[row] = lastBase0PersonId(n) + kFirstPersonId;
  const std::string_view first = kFirstNames[random.below(kFirstNames.size())];
  const std::string_view last = kLastNames[random.below(kLastNames.size())];
  appendString(b.personName, first);
  appendString(b.personName, " ");
  appendString(b.personName, last);
  b.personName.commit();
  int64_t size = 8 + static_cast<int64_t>(first.size() + 1 + last.size());

  char email[2 * kMaxStringLength];
  int e = writeRandomString(random, 7, ' ', email);
  email[e++] = '@';
  e += writeRandomString(random, 5, ' ', email + e);
  std::memcpy(email + e, ".com", 4);
  e += 4;
  appendString(b.personEmail, {email, static_cast<size_t>(e)});
  b.personEmail.commit();
  size += e;

  char card[19];
  for (int group = 0; group < 4; ++group) {
    int64_t digits = random.below(10000);
    char* g = card + group * 5;
    for (int d = 3; d >= 0; --d, digits /= 10) g[d] = static_cast<char>('0' + digits % 10);
    if (group < 3) g[4] = ' ';
  }
  appendString(b.personCard, {card, sizeof(card)});
  b.personCard.commit();
  const std::string_view city = kUsCities[random.below(kUsCities.size())];
  const std::string_view state = kUsStates[random.below(kUsStates.size())];
  appendString(b.personCity, city);
  b.personCity.commit();
  appendString(b.personState, state);
  b.personState.commit();
  size += static_cast<int64_t>(sizeof(card) + city.size() + state.size());
  b.personTime.data()[row] = tsMillis * 1000;
  appendExtra(b.personExtra, random, size, config_.avgPersonByteSize);
  bits::set(b.personValid->data(), row);
  b.skipAuction();
  b.skipBid();
}

void NexmarkGenerator::auction(int64_t n, Random& random, int64_t tsMillis, Builders& b) const {
  const int64_t row = b.auctionItem.length();
  b.auctionId.data()[row] = lastBase0AuctionId(n) + kFirstAuctionId;
  int64_t seller = 0;
  if (random.below(config_.hotSellersRatio) > 0) {
    seller = lastBase0PersonId(n) / kHotGroupSize * kHotGroupSize;
  } else {
    seller = nextBase0PersonId(n, random);
  }
  b.auctionSeller.data()[row] = seller + kFirstPersonId;
  b.auctionCategory.data()[row] = kFirstCategoryId + random.below(kNumCategories);
  const int64_t initialBid = nextPrice(random);
  b.auctionInitialBid.data()[row] = initialBid;
  // An auction lasts on average until numInFlightAuctions more auctions have started.
  const int64_t eventsForAuctions =
      static_cast<int64_t>(config_.numInFlightAuctions) * config_.totalProportion() / config_.auctionProportion;
  const int64_t horizonMs = timestampMillis(n + eventsForAuctions) - tsMillis;
  b.auctionExpires.data()[row] = (tsMillis + 1 + random.below(std::max<int64_t>(horizonMs * 2, 1))) * 1000;
  int64_t size = 8 + 8 * 5;
  size += appendRandomString(b.auctionItem, random, 20);
  size += appendRandomString(b.auctionDescription, random, 100);
  b.auctionReserve.data()[row] = initialBid + nextPrice(random);
  b.auctionTime.data()[row] = tsMillis * 1000;
  appendExtra(b.auctionExtra, random, size, config_.avgAuctionByteSize);
  bits::set(b.auctionValid->data(), row);
  b.skipPerson();
  b.skipBid();
}

void NexmarkGenerator::bid(int64_t n, Random& random, int64_t tsMillis, Builders& b) const {
  const int64_t row = b.bidChannel.length();
  int64_t auction = 0;
  if (random.below(config_.hotAuctionRatio) > 0) {
    auction = lastBase0AuctionId(n) / kHotGroupSize * kHotGroupSize;
  } else {
    auction = nextBase0AuctionId(n, random);
  }
  b.bidAuction.data()[row] = auction + kFirstAuctionId;
  int64_t bidder = 0;
  if (random.below(config_.hotBiddersRatio) > 0) {
    // The second of the group, so that hot bidders and hot sellers differ.
    bidder = lastBase0PersonId(n) / kHotGroupSize * kHotGroupSize + 1;
  } else {
    bidder = nextBase0PersonId(n, random);
  }
  b.bidBidder.data()[row] = bidder + kFirstPersonId;
  b.bidPrice.data()[row] = nextPrice(random);
  int64_t channel = 0;
  if (random.below(kHotChannelsRatio) > 0) {
    channel = kChannels + random.below(static_cast<int64_t>(kHotChannels.size()));
  } else {
    channel = random.below(kChannels);
  }
  const char* arena = channelArena_.data();
  const uint32_t* at = channelBegin_.data() + 2 * channel;
  b.bidChannel.dataBuffer().append(arena + at[0], at[1] - at[0]);
  b.bidChannel.commit();
  b.bidUrl.dataBuffer().append(arena + at[1], at[2] - at[1]);
  b.bidUrl.commit();
  b.bidTime.data()[row] = tsMillis * 1000;
  appendExtra(b.bidExtra, random, 8 * 4, config_.avgBidByteSize);
  bits::set(b.bidValid->data(), row);
  b.skipPerson();
  b.skipAuction();
}

BatchPtr NexmarkGenerator::generate(int64_t first, int64_t end) const {
  const int64_t rows = std::max<int64_t>(end - first, 0);
  Builders b(rows);
  const uint64_t seedKey = mix64(static_cast<uint64_t>(config_.seed));
  int32_t* type = b.eventType.data();
  int64_t* time = b.dateTime.data();
  for (int64_t i = 0; i < rows; ++i) {
    const int64_t n = first + i;
    Random random(seedKey, static_cast<uint64_t>(n));
    const int64_t ts = timestampMillis(n);
    const NexmarkEventKind kind = kindOf(n);
    type[i] = static_cast<int32_t>(kind);
    time[i] = ts * 1000;
    switch (kind) {
      case NexmarkEventKind::kPerson:
        person(n, random, ts, b);
        break;
      case NexmarkEventKind::kAuction:
        auction(n, random, ts, b);
        break;
      case NexmarkEventKind::kBid:
        bid(n, random, ts, b);
        break;
    }
  }
  return b.finish();
}

std::vector<BatchPtr> NexmarkGenerator::generatePartitioned(int64_t first, int64_t end, int partitions,
                                                            int64_t maxRows) const {
  const int64_t total = std::max<int64_t>(end - first, 0);
  // The partitions are generated side by side on the shared pool: events are independent.
  std::vector<std::vector<BatchPtr>> slices(static_cast<size_t>(partitions));
  ThreadPool::shared().parallelFor(partitions, [&](int64_t p) {
    const auto lo = first + static_cast<int64_t>(static_cast<__int128>(total) * p / partitions);
    const auto hi = first + static_cast<int64_t>(static_cast<__int128>(total) * (p + 1) / partitions);
    for (int64_t at = lo; at < hi; at += maxRows) {
      slices[static_cast<size_t>(p)].push_back(generate(at, std::min(hi, at + maxRows)));
    }
  });
  std::vector<BatchPtr> out;
  for (auto& slice : slices) out.insert(out.end(), slice.begin(), slice.end());
  return out;
}

Result<NexmarkConfig> parseNexmarkOptions(const Options& options, bool requireEvents) {
  NexmarkConfig c;
  if (requireEvents && !options.has("events")) {
    return Status::Invalid("The nexmark source needs the option 'events' (the number of events) for a batch read");
  }
  SPATE_ASSIGN_OR_RETURN(c.events, options.getInt("events", -1));
  if (options.has("events") && c.events < 0) {
    return Status::Invalid("Invalid value '{}'. The option 'events' of the nexmark source must be non-negative",
                           c.events);
  }
  SPATE_ASSIGN_OR_RETURN(c.seed, options.getInt("seed", 0));
  SPATE_ASSIGN_OR_RETURN(c.baseTimeMillis, options.getInt("baseTime", c.baseTimeMillis));
  struct Positive {
    std::string_view key;
    int64_t* target64;
    int* target32;
  };
  int64_t partitions = c.partitions;
  const Positive positives[] = {
      {"rate", &c.eventsPerSecond, nullptr},
      {"partitions", &partitions, nullptr},
      {"personProportion", nullptr, &c.personProportion},
      {"auctionProportion", nullptr, &c.auctionProportion},
      {"bidProportion", nullptr, &c.bidProportion},
      {"hotAuctionRatio", nullptr, &c.hotAuctionRatio},
      {"hotSellersRatio", nullptr, &c.hotSellersRatio},
      {"hotBiddersRatio", nullptr, &c.hotBiddersRatio},
      {"numInFlightAuctions", nullptr, &c.numInFlightAuctions},
      {"numActivePeople", nullptr, &c.numActivePeople},
      {"avgPersonByteSize", nullptr, &c.avgPersonByteSize},
      {"avgAuctionByteSize", nullptr, &c.avgAuctionByteSize},
      {"avgBidByteSize", nullptr, &c.avgBidByteSize},
  };
  for (const Positive& p : positives) {
    const int64_t def = p.target64 ? *p.target64 : *p.target32;
    SPATE_ASSIGN_OR_RETURN(int64_t v, options.getInt(p.key, def));
    if (v <= 0 || (p.target32 && v > 1000000000)) {
      return Status::Invalid("Invalid value '{}'. The option '{}' of the nexmark source must be positive{}", v, p.key,
                             p.target32 ? " and at most 1000000000" : "");
    }
    if (p.target64) *p.target64 = v;
    else *p.target32 = static_cast<int>(v);
  }
  if (partitions > 10000) {
    return Status::Invalid("Invalid value '{}'. The option 'partitions' of the nexmark source must be at most 10000",
                           partitions);
  }
  c.partitions = static_cast<int>(partitions);
  return c;
}

}  // namespace spate::connectors
