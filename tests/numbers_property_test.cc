// Property tests of the numbers stage on random and adversarial text: no crash, no overflow,
// low <= best <= high wherever both are set, spans inside the text and in order.
#include <gtest/gtest.h>

#include <random>

#include "test_util.h"

namespace tally {
namespace {

void CheckInvariants(const std::string& text) {
  Document doc = testing::PrepareText(text);
  uint32_t last_end = 0;
  for (const Quantity& q : doc.quantities) {
    ASSERT_LE(q.begin, q.end);
    ASSERT_LE(q.end, doc.text.size());
    ASSERT_GE(q.begin, last_end) << "overlapping mentions in: " << text;
    last_end = q.end;
    const Interval& v = q.value;
    if (v.low && v.best) EXPECT_LE(*v.low, *v.best) << doc.View({q.begin, q.end});
    if (v.best && v.high) EXPECT_LE(*v.best, *v.high) << doc.View({q.begin, q.end});
    if (v.low && v.high) EXPECT_LE(*v.low, *v.high) << doc.View({q.begin, q.end});
    for (const auto& x : {v.low, v.high, v.best})
      if (x) EXPECT_GE(*x, 0);
  }
}

TEST(NumbersProperty, LongDigitRuns) {
  CheckInvariants(std::string(5000, '9') + " people were killed.\n");
  CheckInvariants("About " + std::string(400, '7') + " troops and " + std::string(19, '9') + " more.\n");
}

TEST(NumbersProperty, MillionCommas) {
  std::string s = "1";
  for (int i = 0; i < 1000000; ++i) s += ",000";
  CheckInvariants(s + " soldiers.\n");
  std::string commas(1000000, ',');
  CheckInvariants("12" + commas + "34 people\n");
}

TEST(NumbersProperty, HugeScaledNumbers) {
  CheckInvariants("999999999999 trillion trillion people and 99999999 billion billion billion more.\n");
  CheckInvariants("Between 999999999999999999999 and 1 million were hurt.\n");
  CheckInvariants("nine hundred ninety nine thousand nine hundred ninety nine million billion trillion.\n");
}

TEST(NumbersProperty, RepeatedWordsStayLinear) {
  std::string s;
  for (int i = 0; i < 200000; ++i) s += "hundred ";
  CheckInvariants(s + "\n");
  std::string t;
  for (int i = 0; i < 100000; ++i) t += "at least more than about ";
  CheckInvariants(t + "5 people\n");
}

TEST(NumbersProperty, MixedScripts) {
  CheckInvariants("Погибли 100 человек, 负伤 200 人, ١٢٣ قتيلا and 四十 more — 5 ½ ⅓.\n");
  CheckInvariants("\xE2\x80\x94 12\xE2\x80\x93" "30 \xC2\xA0 4\xC2\xA0" "700 people \xE2\x80\x9C" "3\xE2\x80\x9D\n");
}

TEST(NumbersProperty, FractionsSignsAndGluedCurrencies) {
  CheckInvariants("999999999999999999 in 1000000000000000000 and one in " + std::string(40, '9') + " people\n");
  CheckInvariants("nine hundred ninety nine trillion and a half billion and two thirds of a half of half\n");
  CheckInvariants("USD" + std::string(30, '9') + "," + std::string(3, '9') + "bn and RM.5 and AUD1.5m.m and .\n");
  CheckInvariants("minus -5 -" + std::string(25, '9') + " more than 5 but fewer than 3, above 1 and below " +
                  std::string(30, '9') + "\n");
  std::string groups = "1";
  for (int i = 0; i < 1000; ++i) groups += " 234";
  CheckInvariants(groups + " people\n");
}

TEST(NumbersProperty, RandomBytesFromANewsAlphabet) {
  const std::string alphabet[] = {"1", "0", "5", ",", ".", "-", " ", "\n", "at least ", "more than ", "million ",
                                  "hundred ", "thousand ", "dozen ", "and ", "to ", "between ", "%", "$", "k", "bn",
                                  "killed ", "people ", "a ", "half ", "Dec ", "2024", ":", "\xE2\x80\x93", "or more "};
  std::mt19937 rng(20261122);
  for (int round = 0; round < 300; ++round) {
    std::string s;
    const int n = static_cast<int>(rng() % 80) + 1;
    for (int i = 0; i < n; ++i) s += alphabet[rng() % std::size(alphabet)];
    CheckInvariants(s + "\n");
  }
}

}  // namespace
}  // namespace tally
