// storage/text_terms.h: the tokenizer shared by the term index and search.
#include "storage/text_terms.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace evidencegraph::storage {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(TextTermsTest, LowercasesAndSplitsOnNonAlphanumerics) {
  EXPECT_THAT(TextTerms("Massage REDUCES inflammation, after-exercise!"),
              ElementsAre("massage", "reduces", "inflammation", "after", "exercise"));
  EXPECT_THAT(TextTerms("n=11 men; 526 genes"), ElementsAre("11", "men", "526", "genes"));
}

TEST(TextTermsTest, FoldsLatin1AndLatinExtendedAAccents) {
  EXPECT_THAT(TextTerms("Études Über Straße"), ElementsAre("etudes", "uber", "strasse"));
  EXPECT_THAT(TextTerms("naïve café CRÈME brûlée"), ElementsAre("naive", "cafe", "creme", "brulee"));
  EXPECT_THAT(TextTerms("Łódź Dvořák Œuvre æsthetic"),
              ElementsAre("lodz", "dvorak", "oeuvre", "aesthetic"));
  EXPECT_THAT(TextTerms("Þór ĳssel"), ElementsAre("thor", "ijssel"));
}

TEST(TextTermsTest, DecomposedAccentsFoldLikeComposedOnes) {
  // "e" + COMBINING ACUTE ACCENT
  EXPECT_THAT(TextTerms("Cafe\xCC\x81 gene\xCC\x80s"), ElementsAre("cafe", "genes"));
}

TEST(TextTermsTest, DropsOneCharacterTerms) {
  EXPECT_THAT(TextTerms("a b c de f 1 23"), ElementsAre("de", "23"));
  EXPECT_THAT(TextTerms("ß"), ElementsAre("ss")) << "ß folds to two characters";
}

TEST(TextTermsTest, PunctuationBeyondAsciiSeparates) {
  EXPECT_THAT(TextTerms("pain\u2014relief \u201Cquoted\u201D 5\u00D76"),
              ElementsAre("pain", "relief", "quoted"));
}

TEST(TextTermsTest, OtherScriptsAreKeptAndBasicCapitalsLowered) {
  EXPECT_THAT(TextTerms("МАССАЖ массаж"), ElementsAre("массаж", "массаж"));
  EXPECT_THAT(TextTerms("ΑΘΗΝΑ"), ElementsAre("αθηνα"));
}

TEST(TextTermsTest, InvalidUtf8SeparatesInsteadOfCrashing) {
  EXPECT_THAT(TextTerms(std::string("ab\xff" "cd\xc3", 6)), ElementsAre("ab", "cd"));
  EXPECT_THAT(TextTerms(std::string("\xe2\x80", 2)), IsEmpty());
  EXPECT_THAT(TextTerms(std::string("\0\0", 2)), IsEmpty());
}

TEST(TextTermsTest, LongTermsAreCutOnACharacterBoundary) {
  const std::string word(100, 'x');
  std::vector<std::string> terms = TextTerms(word + " tail");
  ASSERT_EQ(terms.size(), 2u);
  EXPECT_EQ(terms[0].size(), kMaxTermBytes);
  std::string accented;
  for (int i = 0; i < 50; ++i) accented += "\xD0\x96";  // Ж, two bytes each
  terms = TextTerms(accented);
  ASSERT_EQ(terms.size(), 1u);
  EXPECT_LE(terms[0].size(), kMaxTermBytes);
  EXPECT_EQ(terms[0].size() % 2, 0u);
}

}  // namespace
}  // namespace evidencegraph::storage
