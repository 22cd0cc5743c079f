// Sentence and paragraph segmentation: abbreviations, quotations, headlines.
#include <gtest/gtest.h>

#include "test_util.h"

namespace tally {
namespace {

std::vector<std::string> Sentences(const std::string& text) {
  Document doc = testing::PrepareText(text);
  std::vector<std::string> out;
  for (const Sentence& s : doc.sentences) out.emplace_back(doc.View(s.span));
  return out;
}

TEST(Segment, AbbreviationsDoNotEndSentences) {
  EXPECT_EQ(Sentences("Lt. Gen. Ray Oduya said No. 5 was hit. He left.\n"),
            (std::vector<std::string>{"Lt. Gen. Ray Oduya said No. 5 was hit.", "He left."}));
  EXPECT_EQ(Sentences("The attack came on Dec. 19 near the port. Troops withdrew.\n"),
            (std::vector<std::string>{"The attack came on Dec. 19 near the port.", "Troops withdrew."}));
  EXPECT_EQ(Sentences("Mr. Alvarez met Dr. Kim at 3 p.m. on Friday.\n").size(), 1u);
}

TEST(Segment, DottedAbbreviationEndsASentenceBeforeAnOpener) {
  EXPECT_EQ(Sentences("Aid came from the U.S. The convoy left at dawn.\n"),
            (std::vector<std::string>{"Aid came from the U.S.", "The convoy left at dawn."}));
  EXPECT_EQ(Sentences("The U.S. Navy sent two ships.\n").size(), 1u);
}

TEST(Segment, InitialsStayWithTheName) {
  EXPECT_EQ(Sentences("J. R. Molina wrote the report. It was brief.\n").size(), 2u);
}

TEST(Segment, QuotationsKeepTheirAttribution) {
  EXPECT_EQ(Sentences("\xE2\x80\x9CWe lost 12 men,\xE2\x80\x9D the commander said. The unit withdrew.\n"),
            (std::vector<std::string>{"\xE2\x80\x9CWe lost 12 men,\xE2\x80\x9D the commander said.", "The unit withdrew."}));
  EXPECT_EQ(Sentences("\"It is over.\" Then the line went dead.\n"),
            (std::vector<std::string>{"\"It is over.\"", "Then the line went dead."}));
}

std::vector<std::string> Tokens(const std::string& text) {
  Document doc = testing::PrepareText(text);
  std::vector<std::string> out;
  for (size_t i = 0; i < doc.tokens.size(); ++i) out.emplace_back(doc.TokenText(static_cast<uint32_t>(i)));
  return out;
}

TEST(Segment, MarksAroundAFewWordsAreNotTokens) {
  EXPECT_EQ(Tokens("Rebels killed \"more than 60\" troops.\n"),
            (std::vector<std::string>{"Rebels", "killed", "more", "than", "60", "troops", "."}));
  EXPECT_EQ(Tokens("It was a \xE2\x80\x9Cwell-planned\xE2\x80\x9D raid.\n"),
            (std::vector<std::string>{"It", "was", "a", "well", "-", "planned", "raid", "."}));
  // the quoted words keep their offsets, the first one takes the opening mark's space
  Document doc = testing::PrepareText("Medics counted \"dozens\" hurt.\n");
  ASSERT_EQ(doc.tokens.size(), 5u);
  EXPECT_EQ(doc.TokenText(2), "dozens");
  EXPECT_TRUE(doc.tokens[2].space_before);
  EXPECT_EQ(doc.sentences.size(), 1u);
}

TEST(Segment, QuotationsWithPunctuationOrManyWordsKeepTheirMarks) {
  EXPECT_EQ(Tokens("\"We found nine,\" he said.\n").front(), "\"");
  EXPECT_EQ(Tokens("She said \"the water rose very fast in the night\" and left.\n")[2], "\"");
  // a mark glued to a word is an inch sign or a stray, not an opening quote
  EXPECT_EQ(Tokens("A 12\" pipe burst.\n").size(), 6u);
}

TEST(Segment, HeadlinesAreTheirOwnUnits) {
  Document doc = testing::PrepareText("Floods hit the north\nAt least 40 people died. Rescuers are searching.\n");
  ASSERT_EQ(doc.sentences.size(), 3u);
  EXPECT_TRUE(doc.sentences[0].heading);
  EXPECT_FALSE(doc.sentences[1].heading);
  EXPECT_EQ(doc.paragraphs.size(), 2u);
}

TEST(Segment, SkippedFurnitureSplitsNothingElse) {
  Document doc = testing::PrepareText("Twelve people died, police said. Share\n\nPhoto: Agency\n\nThe road reopened.\n");
  ASSERT_EQ(doc.paragraphs.size(), 2u);
  EXPECT_EQ(doc.View(doc.paragraphs[0]), "Twelve people died, police said.");
  EXPECT_EQ(doc.View(doc.paragraphs[1]), "The road reopened.");
}

TEST(Segment, TokensKeepOffsets) {
  Document doc = testing::PrepareText("Park Min-kwan’s office said 3,850.\n");
  std::vector<std::string> toks;
  for (uint32_t i = 0; i < doc.tokens.size(); ++i) toks.emplace_back(doc.TokenText(i));
  EXPECT_EQ(toks, (std::vector<std::string>{"Park", "Min", "-", "kwan", "’s", "office", "said", "3,850", "."}));
}

TEST(Segment, AWebAddressIsOneToken) {
  Document doc = testing::PrepareText("Read it at https://news.example.org/2021/03/07/three-die/. Or www.example.net/a/5, then.\n");
  std::vector<std::string> toks;
  for (uint32_t i = 0; i < doc.tokens.size(); ++i) toks.emplace_back(doc.TokenText(i));
  EXPECT_EQ(toks, (std::vector<std::string>{"Read", "it", "at", "https://news.example.org/2021/03/07/three-die/", ".", "Or",
                                            "www.example.net/a/5", ",", "then", "."}));
  EXPECT_EQ(doc.sentences.size(), 2u);
  EXPECT_TRUE(doc.quantities.empty());
  // feeds join titles with ";" and no space: the next title is not part of the address
  Document joined = testing::PrepareText("https://example.org/report.pdf;Nine die in clashes\n");
  EXPECT_EQ(joined.TokenText(0), "https://example.org/report.pdf");
  EXPECT_EQ(joined.quantities.size(), 1u);
}

}  // namespace
}  // namespace tally
