#include "spate/state/state_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <functional>
#include <map>
#include <random>
#include <string>

#include "spate/common/file_util.h"

namespace spate::state {
namespace {

namespace fs = std::filesystem;
using Contents = std::map<std::string, std::string>;

class StateStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = (fs::temp_directory_path() /
             ("spate_state_" + std::to_string(::getpid()) + "_" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name()))
                .string();
    fs::remove_all(root_);
    id_ = StateStoreId{root_ + "/state", 3, 7};
  }
  void TearDown() override { fs::remove_all(root_); }

  std::unique_ptr<StateStoreProvider> provider(StateStoreConf conf = {}) {
    auto p = createInMemoryStateStoreProvider(id_, conf);
    EXPECT_TRUE(p.ok()) << p.status().toString();
    return std::move(p).value();
  }
  StateStore* load(StateStoreProvider& p, int64_t version) {
    auto s = p.load(version);
    EXPECT_TRUE(s.ok()) << s.status().toString();
    return s.ok() ? *s : nullptr;
  }
  Status loadError(int64_t version, StateStoreConf conf = {}) {
    auto p = provider(conf);
    auto s = p->load(version);
    EXPECT_FALSE(s.ok()) << "version " << version << " loaded";
    return s.status();
  }
  std::string file(int64_t version, const char* ext) const {
    return id_.directory() + "/" + std::to_string(version) + "." + ext;
  }
  bool exists(int64_t version, const char* ext) const { return fs::exists(file(version, ext)); }

  static Contents contents(const StateStore& s) {
    Contents c;
    s.iterate([&](std::string_view k, std::string_view v) {
      EXPECT_TRUE(c.emplace(std::string(k), std::string(v)).second) << "duplicate key " << k;
    });
    EXPECT_EQ(static_cast<int64_t>(c.size()), s.numKeys());
    return c;
  }
  // Commits versions 1..n, version v putting "k<v>" and "common" and removing k<v-2>.
  std::vector<Contents> commitVersions(StateStoreProvider& p, int64_t n) {
    std::vector<Contents> byVersion{{}};
    for (int64_t v = 0; v < n; ++v) {
      StateStore* s = load(p, v);
      s->put("k" + std::to_string(v + 1), "value " + std::to_string(v + 1));
      s->put("common", std::to_string(v + 1));
      s->remove("k" + std::to_string(v - 1));
      auto next = s->commit();
      EXPECT_TRUE(next.ok()) << next.status().toString();
      EXPECT_EQ(*next, v + 1);
      byVersion.push_back(contents(*s));
    }
    return byVersion;
  }
  void corruptFile(const std::string& path, const std::function<void(std::string&)>& f) {
    auto data = readFileToString(path);
    ASSERT_TRUE(data.ok());
    f(*data);
    ASSERT_TRUE(writeFileAtomically(path, *data, false).ok());
  }
  static void expectMentions(const Status& st, const std::string& what) {
    EXPECT_NE(st.message().find(what), std::string::npos) << st.message() << "\n  does not mention " << what;
  }

  std::string root_;
  StateStoreId id_;
};

TEST_F(StateStoreTest, DirectoryIsUnderTheStateRoot) { EXPECT_EQ(id_.directory(), root_ + "/state/3/7"); }

TEST_F(StateStoreTest, PutGetRemoveCommitAndReloadEveryVersion) {
  auto p = provider();
  StateStore* s = load(*p, 0);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->version(), 0);
  EXPECT_EQ(s->numKeys(), 0);
  EXPECT_FALSE(s->get("a").has_value());
  s->put("a", "1");
  s->put("b", "");
  s->put(std::string("\0k", 2), std::string("v\0", 2));
  EXPECT_EQ(s->get("a"), "1");
  EXPECT_EQ(s->get("b"), "");
  EXPECT_EQ(s->get(std::string("\0k", 2)), std::string("v\0", 2));
  s->put("a", "a much longer value than before, so it grows");
  EXPECT_EQ(s->get("a"), "a much longer value than before, so it grows");
  s->remove("b");
  s->remove("never there");
  EXPECT_FALSE(s->get("b").has_value());
  EXPECT_EQ(s->numKeys(), 2);
  auto v1 = s->commit();
  ASSERT_TRUE(v1.ok()) << v1.status().toString();
  EXPECT_EQ(*v1, 1);
  EXPECT_EQ(s->version(), 1);
  EXPECT_TRUE(exists(1, "delta"));
  Contents at1 = contents(*s);

  // Loading the version just committed is the same store, as it is.
  StateStore* again = load(*p, 1);
  EXPECT_EQ(again, s);
  EXPECT_EQ(contents(*again), at1);

  for (int round = 0; round < 3; ++round) {
    StateStore* t = load(*p, 1 + round);
    t->put("r" + std::to_string(round), std::to_string(round));
    t->remove("a");
    ASSERT_TRUE(t->commit().ok());
  }
  // A new provider (a restarted query) sees every version as it was committed.
  auto fresh = provider();
  EXPECT_EQ(contents(*load(*fresh, 1)), at1);
  Contents at4 = contents(*load(*fresh, 4));
  EXPECT_EQ(at4, (Contents{{std::string("\0k", 2), std::string("v\0", 2)}, {"r0", "0"}, {"r1", "1"}, {"r2", "2"}}));
  EXPECT_TRUE(contents(*load(*fresh, 0)).empty());
}

TEST_F(StateStoreTest, EveryVersionReloadsFromDisk) {
  auto p = provider();
  auto expected = commitVersions(*p, 8);
  for (int64_t v = 0; v <= 8; ++v) {
    auto fresh = provider();
    StateStore* s = load(*fresh, v);
    EXPECT_EQ(s->version(), v);
    EXPECT_EQ(contents(*s), expected[static_cast<size_t>(v)]) << "version " << v;
  }
}

TEST_F(StateStoreTest, AbortRestoresTheLoadedVersion) {
  auto p = provider();
  StateStore* s = load(*p, 0);
  s->put("a", "1");
  s->put("b", "2");
  s->put("c", "3");
  ASSERT_TRUE(s->commit().ok());
  Contents at1 = contents(*s);

  s = load(*p, 1);
  s->put("a", "changed, and longer than before");
  s->remove("b");
  s->put("b", "back");
  s->remove("b");
  s->put("new", "x");
  s->remove("new");
  s->put("new2", "y");
  s->remove("c");
  s->put("c", "3");
  EXPECT_EQ(s->numUpdated(), 5);
  EXPECT_EQ(s->numRemoved(), 4);
  s->abort();
  EXPECT_EQ(contents(*s), at1);
  EXPECT_EQ(s->version(), 1);
  EXPECT_EQ(s->numUpdated(), 0);

  // Uncommitted changes are also dropped by loading the same version again.
  s->put("a", "lost");
  s->remove("c");
  s = load(*p, 1);
  EXPECT_EQ(contents(*s), at1);

  // Nothing of the aborted changes reaches the next delta.
  s->put("d", "4");
  ASSERT_TRUE(s->commit().ok());
  Contents at2 = at1;
  at2["d"] = "4";
  EXPECT_EQ(contents(*load(*provider(), 2)), at2);
}

TEST_F(StateStoreTest, DeltaHoldsNetChangesOnly) {
  auto p = provider();
  StateStore* s = load(*p, 0);
  s->put("keep", "v");
  s->put("gone", "v");
  ASSERT_TRUE(s->commit().ok());
  s = load(*p, 1);
  // Removed, put back and removed again; put and removed; put then removed then put.
  s->remove("gone");
  s->put("gone", "again");
  s->remove("gone");
  s->put("temp", "t");
  s->remove("temp");
  s->remove("keep");
  s->put("keep", "v2");
  ASSERT_TRUE(s->commit().ok());
  EXPECT_EQ(contents(*load(*provider(), 2)), (Contents{{"keep", "v2"}}));
  // Three records (remove keep, put keep, remove gone), not one per call: the
  // trailer's count says so.
  auto data = readFileToString(file(2, "delta"));
  ASSERT_TRUE(data.ok());
  uint64_t count;
  std::memcpy(&count, data->data() + data->size() - 12, 8);
  EXPECT_EQ(count, 3u);
}

TEST_F(StateStoreTest, SnapshotEveryMinDeltasIsUsedToLoad) {
  StateStoreConf conf;
  conf.minDeltasForSnapshot = 10;
  auto p = provider(conf);
  auto expected = commitVersions(*p, 15);
  for (int64_t v = 1; v <= 15; ++v) {
    EXPECT_TRUE(exists(v, "delta")) << v;
    EXPECT_EQ(exists(v, "snapshot"), v == 10) << v;
  }
  // Without the deltas up to 10, version 15 still loads: from 10.snapshot.
  for (int64_t v = 1; v <= 10; ++v) fs::remove(file(v, "delta"));
  auto fresh = provider(conf);
  EXPECT_EQ(contents(*load(*fresh, 15)), expected[15]);
  EXPECT_EQ(contents(*load(*fresh, 10)), expected[10]);
  // ... while version 9 needs them.
  Status st = loadError(9, conf);
  expectMentions(st, file(1, "delta") + " is missing: the checkpoint is incomplete");
  // The next snapshot comes 10 versions after the one loaded.
  StateStore* s = load(*fresh, 15);
  for (int64_t v = 15; v < 21; ++v) {
    s = load(*fresh, v);
    s->put("x", std::to_string(v));
    ASSERT_TRUE(s->commit().ok());
  }
  EXPECT_TRUE(exists(20, "snapshot"));
  EXPECT_FALSE(exists(21, "snapshot"));
}

TEST_F(StateStoreTest, RetentionDeletesOldFilesButKeepsRetainedVersionsLoadable) {
  StateStoreConf conf;
  conf.minDeltasForSnapshot = 3;
  conf.minBatchesToRetain = 5;
  conf.durable = false;
  auto p = provider(conf);
  auto expected = commitVersions(*p, 20);
  // Version 15 is the oldest retained; it loads from 15.snapshot, so files before it go.
  for (int64_t v = 1; v < 15; ++v) {
    EXPECT_FALSE(exists(v, "delta")) << v;
    EXPECT_FALSE(exists(v, "snapshot")) << v;
  }
  for (int64_t v = 15; v <= 20; ++v) EXPECT_TRUE(exists(v, "delta")) << v;
  EXPECT_TRUE(exists(15, "snapshot"));
  EXPECT_TRUE(exists(18, "snapshot"));
  for (int64_t v = 15; v <= 20; ++v) {
    auto fresh = provider(conf);
    EXPECT_EQ(contents(*load(*fresh, v)), expected[static_cast<size_t>(v)]) << v;
  }
  expectMentions(loadError(14, conf), file(1, "delta") + " is missing");
  // Only state files live in the directory: no temp files were left behind.
  auto names = listDirectory(id_.directory());
  ASSERT_TRUE(names.ok());
  for (const auto& n : *names) EXPECT_NE(n[0], '.') << n;
}

TEST_F(StateStoreTest, RetentionWithoutSnapshotsKeepsTheWholeChain) {
  StateStoreConf conf;
  conf.minDeltasForSnapshot = 1000;
  conf.minBatchesToRetain = 2;
  auto p = provider(conf);
  auto expected = commitVersions(*p, 6);
  for (int64_t v = 1; v <= 6; ++v) EXPECT_TRUE(exists(v, "delta")) << v;
  EXPECT_EQ(contents(*load(*provider(conf), 6)), expected[6]);
}

TEST_F(StateStoreTest, MissingDeltaIsNamed) {
  auto p = provider();
  commitVersions(*p, 5);
  fs::remove(file(3, "delta"));
  Status st = loadError(4);
  EXPECT_EQ(st.message(), "state file " + file(3, "delta") + " is missing: the checkpoint is incomplete");
  EXPECT_TRUE(provider()->load(2).ok());
  expectMentions(loadError(7), file(3, "delta"));
  // Versions past the last commit are as incomplete.
  auto q = provider();
  ASSERT_TRUE(q->load(2).ok());
  EXPECT_FALSE(q->load(9).ok());
  EXPECT_FALSE(q->load(-1).ok());
}

TEST_F(StateStoreTest, CorruptDeltaNamesTheFile) {
  auto p = provider();
  commitVersions(*p, 3);
  std::string path = file(2, "delta");
  auto original = readFileToString(path);
  ASSERT_TRUE(original.ok());

  corruptFile(path, [](std::string& d) { d[d.size() / 2] ^= 0x20; });
  Status st = loadError(3);
  EXPECT_EQ(st.code(), StatusCode::kIOError);
  EXPECT_EQ(st.message(), "corrupt state file " + path + ": checksum mismatch (the file is truncated or damaged)");

  corruptFile(path, [&](std::string& d) { d = *original; d[0] = 'X'; });
  expectMentions(loadError(3), "corrupt state file " + path + ": bad magic");

  // Every truncation, from empty to one byte short.
  for (size_t len = 0; len < original->size(); ++len) {
    corruptFile(path, [&](std::string& d) { d = original->substr(0, len); });
    expectMentions(loadError(3), "corrupt state file " + path);
  }
  // Another version's file under this name.
  corruptFile(path, [&](std::string& d) { d = *readFileToString(file(1, "delta")); });
  expectMentions(loadError(3), path + ": holds version 1, expected 2");

  corruptFile(path, [&](std::string& d) { d = *original; });
  EXPECT_TRUE(provider()->load(3).ok());
}

TEST_F(StateStoreTest, CorruptSnapshotNamesTheFile) {
  StateStoreConf conf;
  conf.minDeltasForSnapshot = 2;
  auto p = provider(conf);
  commitVersions(*p, 3);
  std::string path = file(2, "snapshot");
  ASSERT_TRUE(fs::exists(path));
  auto original = readFileToString(path);
  ASSERT_TRUE(original.ok());
  for (size_t len = 0; len < original->size(); ++len) {
    corruptFile(path, [&](std::string& d) { d = original->substr(0, len); });
    expectMentions(loadError(3, conf), "corrupt state file " + path);
  }
  for (size_t i = 0; i < original->size(); ++i) {
    corruptFile(path, [&](std::string& d) {
      d = *original;
      d[i] = static_cast<char>(d[i] ^ 0x01);
    });
    expectMentions(loadError(2, conf), "corrupt state file " + path);
  }
  // A delta where a snapshot belongs.
  corruptFile(path, [&](std::string& d) { d = *readFileToString(file(2, "delta")); });
  expectMentions(loadError(2, conf), path + ": holds a delta, expected a snapshot");
}

TEST_F(StateStoreTest, ReloadsAnOlderVersionAfterNewerCommits) {
  auto p = provider();
  auto expected = commitVersions(*p, 6);
  // A batch re-run after a crash: version 3 again, in the same provider.
  StateStore* s = load(*p, 3);
  EXPECT_EQ(s->version(), 3);
  EXPECT_EQ(contents(*s), expected[3]);
  s->put("rerun", "yes");
  auto v = s->commit();
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(*v, 4);
  Contents at4 = expected[3];
  at4["rerun"] = "yes";
  EXPECT_EQ(contents(*s), at4);
  EXPECT_EQ(contents(*load(*provider(), 4)), at4);
  // And any other version, from disk.
  EXPECT_EQ(contents(*load(*p, 1)), expected[1]);
}

TEST_F(StateStoreTest, ReRunDropsStaleSnapshotOfAnAbandonedRun) {
  StateStoreConf every2;
  every2.minDeltasForSnapshot = 2;
  auto p = provider(every2);
  auto expected = commitVersions(*p, 4);
  ASSERT_TRUE(exists(4, "snapshot"));
  // A restart with another cadence re-runs version 4 from version 3 (based on 2.snapshot).
  StateStoreConf every10;
  auto q = provider(every10);
  StateStore* s = load(*q, 3);
  s->put("different", "run");
  ASSERT_TRUE(s->commit().ok());
  EXPECT_FALSE(exists(4, "snapshot"));
  Contents at4 = expected[3];
  at4["different"] = "run";
  EXPECT_EQ(contents(*load(*provider(every10), 4)), at4);
}

TEST_F(StateStoreTest, MetricsCountKeysMemoryAndChanges) {
  auto p = provider();
  StateStore* s = load(*p, 0);
  for (int i = 0; i < 1000; ++i) s->put("key" + std::to_string(i), std::string(100, 'v'));
  for (int i = 0; i < 10; ++i) s->remove("key" + std::to_string(i));
  s->remove("absent");
  EXPECT_EQ(s->numKeys(), 990);
  EXPECT_EQ(s->numUpdated(), 1000);
  EXPECT_EQ(s->numRemoved(), 10);
  EXPECT_GT(s->memoryUsedBytes(), 990 * 106);
  EXPECT_LT(s->memoryUsedBytes(), 990 * 106 * 4 + (1 << 20));
  ASSERT_TRUE(s->commit().ok());
  // Still readable after the commit, for progress reporting; reset by the next load.
  EXPECT_EQ(s->numUpdated(), 1000);
  s = load(*p, 1);
  EXPECT_EQ(s->numUpdated(), 0);
  EXPECT_EQ(s->numRemoved(), 0);
  EXPECT_EQ(s->numKeys(), 990);
}

TEST_F(StateStoreTest, PrefixScanAndIterate) {
  auto p = provider();
  StateStore* s = load(*p, 0);
  for (const char* k : {"user/1", "user/2", "users", "group/1", "", "u"}) s->put(k, std::string("v-") + k);
  Contents seen;
  s->prefixScan("user/", [&](std::string_view k, std::string_view v) { seen[std::string(k)] = std::string(v); });
  EXPECT_EQ(seen, (Contents{{"user/1", "v-user/1"}, {"user/2", "v-user/2"}}));
  int all = 0;
  s->prefixScan("", [&](std::string_view, std::string_view) { ++all; });
  EXPECT_EQ(all, 6);
  EXPECT_EQ(s->get(""), "v-");
}

TEST_F(StateStoreTest, InvalidConfIsRejected) {
  StateStoreConf bad;
  bad.minDeltasForSnapshot = 0;
  EXPECT_FALSE(createInMemoryStateStoreProvider(id_, bad).ok());
  bad = {};
  bad.minBatchesToRetain = 0;
  EXPECT_FALSE(createInMemoryStateStoreProvider(id_, bad).ok());
}

// Random puts, removes, aborts, commits and reloads against a std::map model, with
// enough keys to grow the table and exercise removal from long probe runs.
TEST_F(StateStoreTest, MatchesAModelUnderRandomChanges) {
  StateStoreConf conf;
  conf.minDeltasForSnapshot = 4;
  conf.minBatchesToRetain = 6;
  conf.durable = false;
  auto p = provider(conf);
  std::mt19937_64 rng(42);
  std::vector<Contents> committed{{}};
  int64_t version = 0;
  for (int batch = 0; batch < 40; ++batch) {
    if (rng() % 5 == 0 && version > 0) {
      // Reload a retained older version, or reopen the provider.
      int64_t back = std::max<int64_t>(0, version - static_cast<int64_t>(rng() % 4));
      if (rng() % 2) p = provider(conf);
      version = back;
      committed.resize(static_cast<size_t>(version) + 1);
    }
    StateStore* s = load(*p, version);
    ASSERT_NE(s, nullptr);
    Contents model = committed.back();
    ASSERT_EQ(contents(*s), model) << "batch " << batch;
    int ops = 200 + static_cast<int>(rng() % 3000);
    for (int i = 0; i < ops; ++i) {
      std::string key = "k" + std::to_string(rng() % 5000);
      if (rng() % 3 == 0) {
        s->remove(key);
        model.erase(key);
      } else {
        std::string value(rng() % 40, static_cast<char>('a' + rng() % 26));
        s->put(key, value);
        model[key] = value;
      }
      if (i % 97 == 0) {
        auto g = s->get(key);
        auto m = model.find(key);
        ASSERT_EQ(g.has_value(), m != model.end());
        if (g) {
          ASSERT_EQ(*g, m->second);
        }
      }
    }
    ASSERT_EQ(contents(*s), model);
    if (rng() % 4 == 0) {
      s->abort();
      ASSERT_EQ(contents(*s), committed.back());
      continue;
    }
    auto v = s->commit();
    ASSERT_TRUE(v.ok()) << v.status().toString();
    version = *v;
    committed.push_back(model);
  }
  for (int64_t v = std::max<int64_t>(0, version - conf.minBatchesToRetain); v <= version; ++v) {
    EXPECT_EQ(contents(*load(*provider(conf), v)), committed[static_cast<size_t>(v)]) << v;
  }
}

}  // namespace
}  // namespace spate::state
