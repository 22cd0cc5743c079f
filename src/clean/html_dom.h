// Helpers over gumbo's tree shared by the HTML parts of clean (html.cc, html_content.cc).
#pragma once

#include <gumbo.h>

#include <string>
#include <string_view>
#include <vector>

#include "clean/clean.h"

namespace tally {

inline std::string_view Attr(const GumboNode* n, const char* name) {
  if (n->type != GUMBO_NODE_ELEMENT) return {};
  const GumboAttribute* a = gumbo_get_attribute(&n->v.element.attributes, name);
  return a ? std::string_view(a->value) : std::string_view();
}

std::string_view TagName(const GumboNode* n);

// Iterative pre-order walk: a page nested 100,000 levels deep must not exhaust the stack.
// visit returns false to skip a node's children.
template <typename F>
void Walk(const GumboNode* root, F&& visit) {
  std::vector<const GumboNode*> stack{root};
  while (!stack.empty()) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (!visit(n)) continue;
    if (n->type != GUMBO_NODE_ELEMENT && n->type != GUMBO_NODE_DOCUMENT) continue;
    const GumboVector& kids = n->type == GUMBO_NODE_DOCUMENT ? n->v.document.children : n->v.element.children;
    for (unsigned i = kids.length; i > 0; --i) stack.push_back(static_cast<const GumboNode*>(kids.data[i - 1]));
  }
}

// The text below root, spaces collapsed.
std::string TextOf(const GumboNode* root);

class ParsedHtml;

// The article's text from a parsed page: the block that scores best as article text, with its
// siblings that hold article text, cleaned of link lists and furniture blocks; one block a line,
// blank line between blocks. html_content.cc. Given the tree's owner (parsed), the text nodes
// laid out are freed as they are read (ParsedHtml::ReleaseText): the tree's text is not read again.
std::string MainText(const CleanLexicon& lex, const GumboNode* root, ParsedHtml* parsed = nullptr);

// Words in text (runs between spaces), for the "result too short" checks.
size_t CountWords(std::string_view text);

}  // namespace tally
