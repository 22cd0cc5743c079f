// The document's toll (src/tolls/tolls.h): claims are written by hand here, so that these tests
// check the toll's rules whatever the claims stage reads.
#include <gtest/gtest.h>

#include "output/output.h"
#include "tests/test_util.h"

namespace tally {
namespace {

using testing::PrepareText;
using testing::SharedPipeline;

// Builds claims over a prepared document: each claim's evidence is the nth occurrence of its
// words in the text.
class Claims {
 public:
  explicit Claims(const std::string& text) : doc_(PrepareText(text, "d")) {}

  Claims& Add(Measure m, std::string_view words, int64_t n, int occurrence = 1) {
    Claim c;
    c.doc = "d";
    c.measure = m;
    c.value = {n, n, n};
    c.text = std::string(words);
    size_t at = std::string::npos;
    for (int k = 0; k < occurrence; ++k) at = doc_.text.find(words, at == std::string::npos ? 0 : at + 1);
    EXPECT_NE(at, std::string::npos) << words;
    c.evidence.push_back({static_cast<uint32_t>(at), static_cast<uint32_t>(at + words.size())});
    c.confidence = 0.9;
    claims_.push_back(std::move(c));
    return *this;
  }
  Claim& Last() { return claims_.back(); }
  // The first occurrence of words, as evidence.
  Span SpanOf(std::string_view words) const {
    const size_t at = doc_.text.find(words);
    EXPECT_NE(at, std::string::npos) << words;
    return {static_cast<uint32_t>(at), static_cast<uint32_t>(at + words.size())};
  }

  std::vector<Toll> Tolls(TollChoice choice = TollChoice::kLargest) const {
    return SharedPipeline().Tolls(doc_, claims_, choice);
  }
  std::optional<Toll> TollOf(Measure m, TollChoice choice = TollChoice::kLargest) const {
    for (const Toll& t : Tolls(choice))
      if (t.measure == m) return t;
    return std::nullopt;
  }

 private:
  Document doc_;
  std::vector<Claim> claims_;
};

int64_t Best(const std::optional<Toll>& t) { return t && t->value.best ? *t->value.best : -1; }

TEST(Tolls, GroupsNamedTogetherAddUp) {
  Claims c("Gunmen killed two officers and three civilians at a checkpoint on Friday.");
  c.Add(Measure::kKilled, "two", 2).Add(Measure::kKilled, "three", 3);
  std::optional<Toll> t = c.TollOf(Measure::kKilled);
  EXPECT_EQ(Best(t), 5);
  EXPECT_EQ(t->claims, (std::vector<size_t>{0, 1}));
  EXPECT_EQ(t->qualifier, Qualifier::kExact);
}

TEST(Tolls, ALaterRiseReplacesTheFirstFigure) {
  Claims c("Five people died when the bridge gave way. By nightfall the death toll had climbed to eight.");
  c.Add(Measure::kKilled, "Five", 5).Add(Measure::kKilled, "eight", 8);
  std::optional<Toll> t = c.TollOf(Measure::kKilled);
  EXPECT_EQ(Best(t), 8);
  EXPECT_EQ(t->claims, (std::vector<size_t>{1}));
}

TEST(Tolls, APartNamedWithIncludingNeverAdds) {
  Claims c("Eleven villagers were killed, including four children, in the raid.");
  c.Add(Measure::kKilled, "Eleven", 11).Add(Measure::kKilled, "four", 4);
  std::optional<Toll> t = c.TollOf(Measure::kKilled);
  EXPECT_EQ(Best(t), 11);
  EXPECT_EQ(t->claims, (std::vector<size_t>{0}));
}

TEST(Tolls, FiguresThatAddUpToTheFirstBreakItDown) {
  Claims c("Eight campers drowned, five at the upper site and three near the ford.");
  c.Add(Measure::kKilled, "Eight", 8).Add(Measure::kKilled, "five", 5).Add(Measure::kKilled, "three", 3);
  std::optional<Toll> t = c.TollOf(Measure::kKilled);
  EXPECT_EQ(Best(t), 8);
  EXPECT_EQ(t->claims, (std::vector<size_t>{0}));
}

TEST(Tolls, FiguresThatDoNotAddUpToTheFirstAreGroups) {
  Claims c("Eight campers drowned at the upper site, four at the lower one and three near the ford.");
  c.Add(Measure::kKilled, "Eight", 8).Add(Measure::kKilled, "four", 4).Add(Measure::kKilled, "three", 3);
  EXPECT_EQ(Best(c.TollOf(Measure::kKilled)), 15);
}

TEST(Tolls, ASmallerFigureLaterIsAPartNotAnUpdate) {
  Claims c("Nine miners died in the collapse. Two of the dead were brothers.");
  c.Add(Measure::kKilled, "Nine", 9).Add(Measure::kKilled, "Two", 2);
  EXPECT_EQ(Best(c.TollOf(Measure::kKilled)), 9);
  Claims unmarked("Nine miners died in the collapse. Rescuers said two died instantly.");
  unmarked.Add(Measure::kKilled, "Nine", 9).Add(Measure::kKilled, "two", 2);
  EXPECT_EQ(Best(unmarked.TollOf(Measure::kKilled)), 9);
  // the plain reading takes the last statement
  EXPECT_EQ(Best(unmarked.TollOf(Measure::kKilled, TollChoice::kLatest)), 2);
}

TEST(Tolls, AnExactFigureBeatsAVagueOne) {
  Claims c("Officials said 31 people had died. Dozens were killed, residents said.");
  c.Add(Measure::kKilled, "31", 31).Add(Measure::kKilled, "Dozens", 0);
  c.Last().value = {24, 99, std::nullopt};
  c.Last().qualifier = Qualifier::kVague;
  EXPECT_EQ(Best(c.TollOf(Measure::kKilled)), 31);
}

TEST(Tolls, VictimsAndPerpetratorsAddUpWithTheSplit) {
  Claims c("The attacker stabbed three shoppers to death. He was later shot dead by officers.");
  c.Add(Measure::kKilled, "three", 3).Add(Measure::kKilled, "He", 1);
  c.Last().counted_role = CountedRole::kPerpetrator;
  std::optional<Toll> t = c.TollOf(Measure::kKilled);
  EXPECT_EQ(Best(t), 4);
  EXPECT_EQ(t->victims, 3);
  EXPECT_EQ(t->perpetrators, 1);
  EXPECT_EQ(t->claims, (std::vector<size_t>{0, 1}));
}

TEST(Tolls, ADoerNamedAmongTheDeadIsNotAddedAgain) {
  Claims c("Four people, including the gunman, were found dead in the house.");
  c.Add(Measure::kKilled, "Four", 4).Add(Measure::kKilled, "the gunman", 1);
  c.Last().counted_role = CountedRole::kPerpetrator;
  std::optional<Toll> t = c.TollOf(Measure::kKilled);
  EXPECT_EQ(Best(t), 4);
  EXPECT_EQ(t->victims, 3);
  EXPECT_EQ(t->perpetrators, 1);
}

TEST(Tolls, AnOrdinalBeforeTheWholeIsAmongIt) {
  Claims c("A second hiker has died, bringing the toll to two.");
  c.Add(Measure::kKilled, "A second hiker", 1).Add(Measure::kKilled, "two", 2);
  EXPECT_EQ(Best(c.TollOf(Measure::kKilled)), 2);
  Claims after("Two hikers were killed and a third was swept away and drowned.");
  after.Add(Measure::kKilled, "Two", 2).Add(Measure::kKilled, "a third", 1);
  EXPECT_EQ(Best(after.TollOf(Measure::kKilled)), 3);
}

TEST(Tolls, PeopleATollIsBroughtByAreAmongIt) {
  Claims before("Two climbers died of exposure overnight, bringing the death toll to 11.");
  before.Add(Measure::kKilled, "Two", 2).Add(Measure::kKilled, "11", 11);
  EXPECT_EQ(Best(before.TollOf(Measure::kKilled)), 11);
  Claims after("The toll rose to 11 after two more climbers died of exposure.");
  after.Add(Measure::kKilled, "11", 11).Add(Measure::kKilled, "two", 2);
  EXPECT_EQ(Best(after.TollOf(Measure::kKilled)), 11);
  // with no toll stated, the sentence's groups still add up
  Claims groups("Two climbers died of exposure and nine were killed by the avalanche.");
  groups.Add(Measure::kKilled, "Two", 2).Add(Measure::kKilled, "nine", 9);
  EXPECT_EQ(Best(groups.TollOf(Measure::kKilled)), 11);
}

TEST(Tolls, OneOfTheWoundedWhoDiedAmongTheNewTollLeavesTheWounded) {
  Claims c("The gunman killed four workers and wounded two others. One of them later died, bringing the "
           "death toll to five.");
  c.Add(Measure::kKilled, "four", 4).Add(Measure::kWounded, "two", 2);
  c.Add(Measure::kKilled, "One", 1).Add(Measure::kKilled, "five", 5);
  EXPECT_EQ(Best(c.TollOf(Measure::kKilled)), 5);
  EXPECT_EQ(Best(c.TollOf(Measure::kWounded)), 1);
}

TEST(Tolls, MoreFoundAfterATollRoseToAreAmongIt) {
  Claims c("The number of miners killed rose to 31 on Tuesday, after rescuers recovered six more bodies overnight.");
  c.Add(Measure::kKilled, "31", 31).Add(Measure::kKilled, "six", 6);
  EXPECT_EQ(Best(c.TollOf(Measure::kKilled)), 31);
}

TEST(Tolls, APartWordAfterACommaBelongsToTheNextFigure) {
  Claims c("Officials said 210 people were injured, of whom 35 remain in intensive care.");
  c.Add(Measure::kWounded, "210", 210).Add(Measure::kWounded, "35", 35);
  EXPECT_EQ(Best(c.TollOf(Measure::kWounded)), 210);
  Claims own("Some 210 people were injured, 35 of them seriously.");
  own.Add(Measure::kWounded, "210", 210).Add(Measure::kWounded, "35", 35);
  EXPECT_EQ(Best(own.TollOf(Measure::kWounded)), 210);
}

TEST(Tolls, OthersAfterAnotherMeasureAreOthersThanThose) {
  Claims c("Three dead, 8 hurt in market blast\nThree traders were killed and eight other people were hurt.");
  c.Add(Measure::kKilled, "Three", 3);
  c.Last().evidence.push_back(c.SpanOf("Three traders"));
  c.Add(Measure::kWounded, "8", 8);
  c.Last().evidence.push_back(c.SpanOf("eight"));
  EXPECT_EQ(Best(c.TollOf(Measure::kWounded)), 8);
  // with no other measure before them, others are more than the statement before
  Claims more("Three traders were hurt in the blast. Two others were hurt nearby.");
  more.Add(Measure::kWounded, "Three", 3).Add(Measure::kWounded, "Two", 2);
  EXPECT_EQ(Best(more.TollOf(Measure::kWounded)), 5);
}

TEST(Tolls, OneOfTheVictimsWhoDiedLeavesTheWoundedBesideAnotherDeath) {
  Claims c("Three pupils were wounded at the school. The attacker's brother was found dead at home. "
           "One of the victims, a boy of seven, died in hospital.");
  c.Add(Measure::kWounded, "Three", 3).Add(Measure::kKilled, "The attacker's brother", 1);
  c.Last().evidence.push_back(c.SpanOf("One"));
  EXPECT_EQ(Best(c.TollOf(Measure::kKilled)), 2);
  EXPECT_EQ(Best(c.TollOf(Measure::kWounded)), 2);
}

TEST(Tolls, AFigureTheStatementRevisesIsNoGroupOfItsOwn) {
  Claims c("The storm killed 23 people, the agency said, revising an earlier toll of 19.");
  c.Add(Measure::kKilled, "23", 23).Add(Measure::kKilled, "19", 19);
  EXPECT_EQ(Best(c.TollOf(Measure::kKilled)), 23);
}

TEST(Tolls, AFigureAfterTheGroupASentenceOpensOnIsAPartOfIt) {
  Claims c("Of the 13 people injured, four were in serious condition.");
  c.Add(Measure::kWounded, "13", 13).Add(Measure::kWounded, "four", 4);
  EXPECT_EQ(Best(c.TollOf(Measure::kWounded)), 13);
}

TEST(Tolls, MoreInHospitalThanWoundedMeansTheWoundedWereAPart) {
  Claims c("Nine workers were hospitalised, two of them with serious burns.");
  c.Add(Measure::kHospitalized, "Nine", 9).Add(Measure::kWounded, "two", 2);
  EXPECT_EQ(Best(c.TollOf(Measure::kWounded)), 9);
  Claims fewer("Twenty people were injured and six were taken to hospital.");
  fewer.Add(Measure::kWounded, "Twenty", 20).Add(Measure::kHospitalized, "six", 6);
  EXPECT_EQ(Best(fewer.TollOf(Measure::kWounded)), 20);
}

TEST(Tolls, AnotherInTheSameSentenceIsOneMorePerson) {
  // one claim (killed 1) said of two people
  Claims c("One man died at the scene and another died in hospital. Two more were hurt.");
  c.Add(Measure::kKilled, "One", 1);
  c.Last().evidence.push_back(c.SpanOf("another"));
  EXPECT_EQ(Best(c.TollOf(Measure::kKilled)), 2);
  // a name set beside "another student" is the same person
  Claims same("A pupil wounded another student, Ana Ortiz, in the yard.");
  same.Add(Measure::kWounded, "another student", 1);
  same.Last().evidence.push_back(same.SpanOf("Ana Ortiz"));
  EXPECT_EQ(Best(same.TollOf(Measure::kWounded)), 1);
}

TEST(Tolls, ASecondPersonNamedAsNewOrAsMoreCountsAgain) {
  // one claim (killed 1) said of a guard and of a cashier
  Claims two("The robber killed a guard and fatally wounded a cashier.");
  two.Add(Measure::kKilled, "guard", 1);
  two.Last().evidence.push_back(two.SpanOf("a cashier"));
  EXPECT_EQ(Best(two.TollOf(Measure::kKilled)), 2);
  // "two more" after "two" in one sentence
  Claims more("Two miners were killed and two more died of their burns.");
  more.Add(Measure::kKilled, "Two", 2);
  more.Last().evidence.push_back(more.SpanOf("two"));
  EXPECT_EQ(Best(more.TollOf(Measure::kKilled)), 4);
  // a figure, then the person it counts: one person
  Claims one("One falling branch injured a hiker.");
  one.Add(Measure::kWounded, "One", 1);
  one.Last().evidence.push_back(one.SpanOf("a hiker"));
  EXPECT_EQ(Best(one.TollOf(Measure::kWounded)), 1);
}

TEST(Tolls, SinglePeopleToldApartAddUp) {
  // the claims stage keeps two single victims of one source apart only when they are other people
  Claims c("The farmer killed his brother in the barn. Hours later he killed his neighbour.");
  c.Add(Measure::kKilled, "brother", 1).Add(Measure::kKilled, "neighbour", 1);
  EXPECT_EQ(Best(c.TollOf(Measure::kKilled)), 2);
}

TEST(Tolls, SinglePeopleOfTwoSourcesMayBeOne) {
  Claims c("A man was killed, police said. A man died at the scene, a witness said.");
  c.Add(Measure::kKilled, "A man", 1).Last().source = "police";
  c.Add(Measure::kKilled, "A man", 1, 2).Last().source = "a witness";
  EXPECT_EQ(Best(c.TollOf(Measure::kKilled)), 1);
}

TEST(Tolls, AFigureOfOneIsNoSinglePersonToldApart) {
  Claims c("One person died on Monday. The toll is one, officials said.");
  c.Add(Measure::kKilled, "One", 1).Add(Measure::kKilled, "one", 1);
  EXPECT_EQ(Best(c.TollOf(Measure::kKilled)), 1);
}

TEST(Tolls, OnlyTheEventCounts) {
  Claims c("Two guards were killed on Sunday. More than 300 people have died since the uprising began.");
  c.Add(Measure::kKilled, "Two", 2).Add(Measure::kKilled, "More than 300", 300);
  c.Last().scope = Scope::kCumulative;
  EXPECT_EQ(Best(c.TollOf(Measure::kKilled)), 2);
  Claims only("More than 300 people have died since the uprising began.");
  only.Add(Measure::kKilled, "More than 300", 300);
  only.Last().scope = Scope::kCumulative;
  EXPECT_TRUE(only.Tolls().empty());
}

TEST(Tolls, NoTollForAMeasureNotReported) {
  Claims c("A cyclist was killed in the crash.");
  c.Add(Measure::kKilled, "A cyclist", 1);
  std::vector<Toll> t = c.Tolls();
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t[0].measure, Measure::kKilled);
}

TEST(Tolls, TwoSourcesInOneSentenceDoNotAdd) {
  Claims c("Police put the dead at four, while the hospital said five people had died.");
  c.Add(Measure::kKilled, "four", 4).Add(Measure::kKilled, "five", 5);
  c.Last().source = "the hospital";
  EXPECT_EQ(Best(c.TollOf(Measure::kKilled)), 5);
}

TEST(Tolls, OthersAddToTheFigureBefore) {
  Claims c("Three people were killed in the first explosion. Another two died in the second.");
  c.Add(Measure::kKilled, "Three", 3).Add(Measure::kKilled, "two", 2);
  EXPECT_EQ(Best(c.TollOf(Measure::kKilled)), 5);
}

TEST(Tolls, ADerivedSumStandsForItsGroups) {
  Claims c("The storm killed two fishermen and three hikers.");
  c.Add(Measure::kKilled, "two", 2).Add(Measure::kKilled, "three", 3).Add(Measure::kKilled, "two fishermen and three hikers", 5);
  c.Last().derived = Derived::kSum;
  std::optional<Toll> t = c.TollOf(Measure::kKilled);
  EXPECT_EQ(Best(t), 5);
  EXPECT_EQ(t->claims, (std::vector<size_t>{0, 1, 2}));
}

TEST(Tolls, PeopleShotSplitIntoKilledAndWounded) {
  Claims c("Seven people were shot outside the stadium, two of them fatally.");
  c.Add(Measure::kCasualties, "Seven", 7).Add(Measure::kKilled, "two", 2);
  EXPECT_EQ(Best(c.TollOf(Measure::kKilled)), 2);
  EXPECT_EQ(Best(c.TollOf(Measure::kCasualties)), 7);
  std::optional<Toll> w = c.TollOf(Measure::kWounded);
  EXPECT_EQ(Best(w), 5);
  EXPECT_EQ(w->claims, (std::vector<size_t>{0, 1}));
}

TEST(Tolls, AShotWithNoOutcomeIsWounded) {
  Claims c("A delivery driver was shot in the leg on Tuesday night.");
  c.Add(Measure::kCasualties, "A delivery driver", 1);
  EXPECT_EQ(Best(c.TollOf(Measure::kWounded)), 1);
  EXPECT_FALSE(c.TollOf(Measure::kKilled));
}

TEST(Tolls, CasualtiesWithoutHitWordsAreNotSplit) {
  Claims c("The regiment reported 40 casualties after the assault.");
  c.Add(Measure::kCasualties, "40", 40);
  EXPECT_FALSE(c.TollOf(Measure::kWounded));
}

TEST(Tolls, ThoseWhoLaterDiedLeaveTheWounded) {
  Claims c("Fourteen passengers were hurt when the coach overturned. Three of them later died in hospital.");
  c.Add(Measure::kWounded, "Fourteen", 14).Add(Measure::kKilled, "Three", 3);
  EXPECT_EQ(Best(c.TollOf(Measure::kKilled)), 3);
  EXPECT_EQ(Best(c.TollOf(Measure::kWounded)), 11);
}

TEST(Tolls, OneCountedByItsPlaceWhoDiedMovesFromWoundedToKilled) {
  Claims c("Three miners were killed and one was injured in the collapse. The fourth miner died in hospital on Monday.");
  c.Add(Measure::kKilled, "Three", 3).Add(Measure::kWounded, "one", 1).Add(Measure::kKilled, "The fourth miner", 1);
  EXPECT_EQ(Best(c.TollOf(Measure::kKilled)), 4);
  EXPECT_EQ(Best(c.TollOf(Measure::kWounded)), 0);
}

TEST(Tolls, OneCountedByItsPlaceWhoWasHurtIsAPart) {
  Claims c("Five hikers were hurt in the rockfall. The second hiker was hurt worst.");
  c.Add(Measure::kWounded, "Five", 5).Add(Measure::kWounded, "The second hiker", 1);
  EXPECT_EQ(Best(c.TollOf(Measure::kWounded)), 5);
}

TEST(Tolls, ReportsPartedBySemicolonsRestateNotAdd) {
  Claims c("At least 14 killed in market blast;Market bombing kills 15, officials say");
  c.Add(Measure::kKilled, "At least 14", 14).Add(Measure::kKilled, "15", 15);
  EXPECT_EQ(Best(c.TollOf(Measure::kKilled)), 15);
}

TEST(Tolls, PeopleTakenToHospitalAreTheWoundedWhenNoneAreStated) {
  Claims c("One man died in the crash and four people were taken to hospital.");
  c.Add(Measure::kKilled, "One man", 1).Add(Measure::kHospitalized, "four", 4);
  EXPECT_EQ(Best(c.TollOf(Measure::kWounded)), 4);
}

TEST(Tolls, AStatedWoundedFigureBeatsTheHospitalized) {
  Claims c("Nine people were hurt in the fire; four were taken to hospital.");
  c.Add(Measure::kWounded, "Nine", 9).Add(Measure::kHospitalized, "four", 4);
  EXPECT_EQ(Best(c.TollOf(Measure::kWounded)), 9);
}

TEST(Tolls, OneOfAWoundedGroupWhoLaterDiedLeavesItForTheKilled) {
  Claims c("Six hikers were injured by the rockfall. One hiker later died in hospital.");
  c.Add(Measure::kWounded, "Six", 6).Add(Measure::kKilled, "One", 1);
  EXPECT_EQ(Best(c.TollOf(Measure::kKilled)), 1);
  EXPECT_EQ(Best(c.TollOf(Measure::kWounded)), 5);
}

TEST(Tolls, ThoseWhoLaterDiedInTheSameSentenceLeaveTheGroupBeforeThem) {
  Claims c("Seven people were hurt in the crush, with two later dying at a clinic.");
  c.Add(Measure::kWounded, "Seven", 7).Add(Measure::kKilled, "two", 2);
  EXPECT_EQ(Best(c.TollOf(Measure::kKilled)), 2);
  EXPECT_EQ(Best(c.TollOf(Measure::kWounded)), 5);
}

TEST(Tolls, AGroupNamedAfterThoseWhoLaterDiedKeepsItsFigure) {
  Claims c("One man died at the scene and one later in hospital, with nine others hurt.");
  c.Add(Measure::kKilled, "One", 1).Add(Measure::kKilled, "one", 1).Add(Measure::kWounded, "nine", 9);
  EXPECT_EQ(Best(c.TollOf(Measure::kKilled)), 2);
  EXPECT_EQ(Best(c.TollOf(Measure::kWounded)), 9);
}

TEST(Tolls, ThoseWhoLaterDiedAreAmongATotalStatedWithThem) {
  Claims c("Three were killed and two were hurt. Both of the hurt later died, bringing the toll to five.");
  c.Add(Measure::kKilled, "Three", 3).Add(Measure::kWounded, "two", 2).Add(Measure::kKilled, "Both", 2)
      .Add(Measure::kKilled, "five", 5);
  EXPECT_EQ(Best(c.TollOf(Measure::kKilled)), 5);
}

TEST(Tolls, JsonFollowsTheSpec) {
  Claims c("The attacker stabbed three shoppers to death. He was later shot dead by officers.");
  c.Add(Measure::kKilled, "three", 3).Add(Measure::kKilled, "He", 1);
  c.Last().counted_role = CountedRole::kPerpetrator;
  std::string out;
  AppendTollJson(c.Tolls().at(0), &out);
  EXPECT_EQ(out,
            "{\"doc\":\"d\",\"toll\":\"killed\",\"value\":{\"low\":4,\"high\":4,\"best\":4},\"qualifier\":\"exact\","
            "\"victims\":3,\"perpetrators\":1,\"claims\":[0,1],\"confidence\":0.90}");
}

}  // namespace
}  // namespace tally
