// PostgreSQL's array text output, read by db::array_literal_views (the
// list writes a page's tags as views into the rows).
#include <gtest/gtest.h>

#include <forward_list>
#include <string>
#include <string_view>
#include <vector>

#include "db/result.h"

namespace todo::db {
namespace {

std::vector<std::string> views(std::string_view text) {
  std::vector<std::string_view> out;
  std::forward_list<std::string> unescaped;
  array_literal_views(text, out, unescaped);
  return {out.begin(), out.end()};
}

using Items = std::vector<std::string>;

TEST(ArrayLiteral, PlainElementsAreViewsIntoTheText) {
  const std::string text = "{home,bills,a-b_c}";
  std::vector<std::string_view> out;
  std::forward_list<std::string> unescaped;
  array_literal_views(text, out, unescaped);
  ASSERT_EQ(out, (std::vector<std::string_view>{"home", "bills", "a-b_c"}));
  EXPECT_EQ(out[1].data(), text.data() + 6);  // no copy
  EXPECT_TRUE(unescaped.empty());
}

TEST(ArrayLiteral, QuotedElementsKeepSpacesCommasAndBraces) {
  EXPECT_EQ(views(R"({"a b","c,d","{e}",""})"), (Items{"a b", "c,d", "{e}", ""}));
}

TEST(ArrayLiteral, EscapesAreUndoneIntoStorageThatOutlivesTheCall) {
  std::vector<std::string_view> out;
  std::forward_list<std::string> unescaped;
  array_literal_views(R"({"say \"hi\"","back\\slash",plain})", out, unescaped);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0], "say \"hi\"");
  EXPECT_EQ(out[1], "back\\slash");
  EXPECT_EQ(out[2], "plain");
  EXPECT_FALSE(unescaped.empty());
}

TEST(ArrayLiteral, NullIsSkippedButTheQuotedWordIsText) {
  EXPECT_EQ(views(R"({a,NULL,"NULL",b})"), (Items{"a", "NULL", "b"}));
}

TEST(ArrayLiteral, AppendsToWhatIsAlreadyThere) {
  std::vector<std::string_view> out{"first"};
  std::forward_list<std::string> unescaped;
  array_literal_views("{x,y}", out, unescaped);
  EXPECT_EQ(out, (std::vector<std::string_view>{"first", "x", "y"}));
}

TEST(ArrayLiteral, EmptyAndMalformedGiveNothing) {
  EXPECT_EQ(views("{}"), Items{});
  EXPECT_EQ(views(""), Items{});
  EXPECT_EQ(views("{"), Items{});
  EXPECT_EQ(views("a,b"), Items{});
  EXPECT_EQ(views(R"({"unterminated})"), Items{"unterminated"});
}

}  // namespace
}  // namespace todo::db
