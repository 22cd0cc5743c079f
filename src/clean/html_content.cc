// Finding the article in a page by content scoring, in the family of algorithms the open
// extractors share (Readability, boilerpipe, trafilatura): text blocks score by their length and
// commas, scores flow to their ancestors, link density and furniture class words lower them,
// the best block wins with its siblings that hold article text, and what is inside it is
// cleaned by block shape. docs/html.md explains each rule and its numbers.
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "clean/html_content.h"
#include "clean/html_dom.h"
#include "clean/html_parse.h"
#include "common/memory.h"
#include "common/text.h"

namespace tally {
namespace {

using Node = ContentNode;

enum Relax : unsigned {
  kStrict = 0,
  kKeepFurniture = 1,  // furniture class words do not drop blocks
  kNoWeights = 2,      // nor change scores
  kNoShapeCleaning = 4,
};

// Readability's numbers, which every descendant of it keeps: a paragraph counts from 25
// characters, earns a point a comma and a point per 100 characters up to 3.
constexpr uint32_t kMinParagraph = 25;
constexpr int kClassWeight = 25;
// Node's narrow fields hold every value: a tag, and a weight of two words up or down
static_assert(GUMBO_TAG_LAST < 256 && 2 * kClassWeight < 128);
static_assert(sizeof(Node) <= 72);
// A block holding this share of the page's paragraph text is the article or wraps it.
constexpr double kArticleShare = 0.5;
constexpr size_t kMinWords = 50;
constexpr uint32_t kMinArticleText = 80;  // bytes of paragraph text: one real paragraph

bool IsHeading(GumboTag t) {
  return t == GUMBO_TAG_H1 || t == GUMBO_TAG_H2 || t == GUMBO_TAG_H3 || t == GUMBO_TAG_H4 || t == GUMBO_TAG_H5 ||
         t == GUMBO_TAG_H6;
}

// Elements that make a div more than a paragraph (Readability's DIV_TO_P_ELEMS).
bool IsBlockContent(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_DL: case GUMBO_TAG_DIV: case GUMBO_TAG_IMG: case GUMBO_TAG_OL:
    case GUMBO_TAG_P: case GUMBO_TAG_PRE: case GUMBO_TAG_TABLE: case GUMBO_TAG_UL: case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE: case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4:
    case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_LI: case GUMBO_TAG_FIGURE: case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER: case GUMBO_TAG_ASIDE: case GUMBO_TAG_NAV: case GUMBO_TAG_FORM: case GUMBO_TAG_MAIN:
      return true;
    default:
      return false;
  }
}

// The score a block starts with, by what its tag usually holds.
int TagBase(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_DIV: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_MAIN: return 5;
    case GUMBO_TAG_PRE: case GUMBO_TAG_TD: case GUMBO_TAG_BLOCKQUOTE: return 3;
    case GUMBO_TAG_ADDRESS: case GUMBO_TAG_OL: case GUMBO_TAG_UL: case GUMBO_TAG_DL: case GUMBO_TAG_DD:
    case GUMBO_TAG_DT: case GUMBO_TAG_LI: case GUMBO_TAG_FORM: return -3;
    case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5:
    case GUMBO_TAG_H6: case GUMBO_TAG_TH: return -5;
    default: return 0;
  }
}

// Counts furniture and article words in a class or id value; words are split at spaces,
// hyphens and underscores ("share-buttons" holds "share").
void CountNameWords(const CleanLexicon& lex, std::string_view names, bool* negative, bool* positive) {
  if (names.empty()) return;
  std::string lower = AsciiLowerCopy(names);
  std::string_view s = lower;
  for (size_t i = 0; i < s.size();) {
    size_t j = i;
    while (j < s.size() && s[j] != ' ' && s[j] != '-' && s[j] != '_') ++j;
    if (j > i) {
      std::string_view w = s.substr(i, j - i);
      if (lex.html_drop_classes.count(w)) *negative = true;
      if (lex.html_article_classes.count(w)) *positive = true;
    }
    i = j + 1;
  }
}

bool HiddenByStyle(std::string_view style) {
  if (style.empty()) return false;
  std::string s = AsciiLowerCopy(style);
  s.erase(std::remove(s.begin(), s.end(), ' '), s.end());
  return s.find("display:none") != std::string::npos || s.find("visibility:hidden") != std::string::npos;
}

}  // namespace

bool SkippedElement(const CleanLexicon& lex, std::string_view tag_name, bool hidden, std::string_view aria_hidden,
                    std::string_view style) {
  if (lex.html_drop_tags.count(tag_name)) return true;
  if (hidden || aria_hidden == "true") return true;
  return HiddenByStyle(style);
}

void ReadElementNames(const CleanLexicon& lex, std::string_view tag_name, std::string_view class_value,
                      std::string_view id_value, std::string_view role, ContentNode* n) {
  bool neg_class = false, pos_class = false, neg_id = false, pos_id = false;
  CountNameWords(lex, class_value, &neg_class, &pos_class);
  CountNameWords(lex, id_value, &neg_id, &pos_id);
  n->weight = static_cast<int8_t>(kClassWeight * (pos_class + pos_id - neg_class - neg_id));
  n->furniture = neg_class || neg_id || lex.html_furniture_tags.count(tag_name) || role == "navigation" ||
                 role == "complementary" || role == "banner" || role == "contentinfo";
}

StreamedText::StreamedText(size_t capacity) {
  if (capacity == 0) return;
  void* p = mmap(nullptr, capacity, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) return;  // Append then refuses everything: the page reads as empty
  data_ = static_cast<char*>(p);
  capacity_ = capacity;
}

StreamedText::~StreamedText() {
  if (data_) munmap(data_, capacity_);
}

bool StreamedText::Append(std::string_view s) {
  if (s.size() > capacity_ - size_) return false;
  std::memcpy(data_ + size_, s.data(), s.size());
  size_ += s.size();
  return true;
}

void StreamedText::ReleaseBelow(size_t offset) {
  static const size_t kPage = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  offset = std::min(offset, size_) / kPage * kPage;
  if (offset <= released_) return;
  madvise(data_ + released_, offset - released_, MADV_DONTNEED);
  released_ = offset;
}

namespace {

class ContentFinder {
 public:
  // Given parsed, the text of the attempt that is kept is moved out of gumbo's tree as it is
  // laid out (ParsedHtml::ReleaseText).
  ContentFinder(const CleanLexicon& lex, const GumboNode* root, ParsedHtml* parsed) : lex_(lex), parsed_(parsed) {
    Build(root);
    if (nodes_.capacity() * sizeof(Node) >= kReturnMemoryBytes) ReturnFreedMemory();  // Build's stacks
    Sum();
  }

  // A streamed page: its list is taken over, its text is read from it.
  ContentFinder(const CleanLexicon& lex, StreamedPage* page) : lex_(lex), parsed_(nullptr), stream_(page) {
    nodes_ = std::move(page->nodes);
    Sum();
  }

  std::string Extract() {
    // the first attempt long enough; else the strictest that found anything (a short item
    // is better read without the furniture that relaxed rules let in)
    constexpr unsigned kAttempts[] = {kStrict, kKeepFurniture, kKeepFurniture | kNoWeights,
                                      kKeepFurniture | kNoWeights | kNoShapeCleaning};
    std::string first;
    for (unsigned relax : kAttempts) {
      std::string text = Attempt(relax);
      if (CountWords(text) >= kMinWords) return text;
      if (first.empty()) first = std::move(text);
    }
    return first;
  }

 private:
  // The flat tree, with each node's own facts.
  void Build(const GumboNode* root) {
    // Sized once: a list grown by doubling holds its old and new buffers as it copies, at the
    // point where the tree and all its text are held (docs/robustness.md).
    const size_t most = CountElements(root);
    nodes_.reserve(most);
    std::vector<int32_t> last_child;
    last_child.reserve(most);
    // A frame per open element (the depth, not the width of the page): its gumbo children and
    // the one read next. Nodes are added in document order, parents before their children.
    struct Frame {
      const GumboVector* kids;
      unsigned next;
      int32_t node;
    };
    std::vector<Frame> open;
    const auto add = [&](const GumboNode* g, int32_t parent) {
      const int32_t i = static_cast<int32_t>(nodes_.size());
      nodes_.push_back({});
      last_child.push_back(-1);
      Node& n = nodes_.back();
      n.g = g;
      n.parent = parent;
      if (parent >= 0) {
        Node& p = nodes_[parent];
        n.in_link = p.in_link;
        if (last_child[parent] < 0) p.first_child = i;
        else nodes_[last_child[parent]].next_sibling = i;
        last_child[parent] = i;
      }
      if (g->type != GUMBO_NODE_ELEMENT && g->type != GUMBO_NODE_DOCUMENT) return;
      const GumboVector* kids = &g->v.document.children;
      if (g->type == GUMBO_NODE_ELEMENT) {
        n.element = true;
        n.tag = g->v.element.tag;
        n.in_link |= n.tag == GUMBO_TAG_A;
        if (Skipped(g)) {  // kept as a node with nothing below: never emitted
          n.skipped = true;
          return;
        }
        ReadNames(&n);
        kids = &g->v.element.children;
      }
      // text has no node of its own: its facts are its parent's, and Emit reads it from gumbo's
      // children, as it does whitespace; comments are never read
      for (unsigned k = 0; k < kids->length; ++k) {
        const GumboNode* kid = static_cast<const GumboNode*>(kids->data[k]);
        if (kid->type != GUMBO_NODE_TEXT && kid->type != GUMBO_NODE_CDATA) continue;
        const std::string_view t = TrimSpaces(kid->v.text.text);
        n.text += static_cast<uint32_t>(t.size());
        if (n.in_link) n.link_text += static_cast<uint32_t>(t.size());
        n.commas += static_cast<uint32_t>(std::count(t.begin(), t.end(), ','));
      }
      if (kids->length > 0) open.push_back({kids, 0, i});
    };
    add(root, -1);
    while (!open.empty()) {
      Frame& f = open.back();
      if (f.next == f.kids->length) {
        open.pop_back();
        continue;
      }
      const GumboNode* kid = static_cast<const GumboNode*>(f.kids->data[f.next++]);
      switch (kid->type) {
        case GUMBO_NODE_TEXT: case GUMBO_NODE_CDATA: case GUMBO_NODE_WHITESPACE: case GUMBO_NODE_COMMENT:
          break;
        default:
          add(kid, f.node);  // may add a frame: f is not used after
      }
    }
  }

  // How many nodes Build makes at most: root and the elements below it (those below a skipped
  // element are counted too).
  static size_t CountElements(const GumboNode* root) {
    size_t count = 1;
    if (root->type != GUMBO_NODE_ELEMENT && root->type != GUMBO_NODE_DOCUMENT) return count;
    struct Frame {
      const GumboVector* kids;
      unsigned next;
    };
    std::vector<Frame> open{{root->type == GUMBO_NODE_DOCUMENT ? &root->v.document.children : &root->v.element.children, 0}};
    while (!open.empty()) {
      Frame& f = open.back();
      if (f.next == f.kids->length) {
        open.pop_back();
        continue;
      }
      const GumboNode* kid = static_cast<const GumboNode*>(f.kids->data[f.next++]);
      if (kid->type == GUMBO_NODE_TEMPLATE) ++count;
      if (kid->type != GUMBO_NODE_ELEMENT) continue;
      ++count;
      open.push_back({&kid->v.element.children, 0});  // f is not used after
    }
    return count;
  }

  // Elements that never hold article text: scripts, forms' controls, hidden parts.
  bool Skipped(const GumboNode* g) const {
    return SkippedElement(lex_, TagName(g), Attr(g, "hidden").data() != nullptr, Attr(g, "aria-hidden"),
                          Attr(g, "style"));
  }

  void ReadNames(Node* n) const {
    ReadElementNames(lex_, TagName(n->g), Attr(n->g, "class"), Attr(n->g, "id"), Attr(n->g, "role"), n);
  }

  // Sums each node's facts into its parent, children first (they come later in the list).
  void Sum() {
    for (size_t k = nodes_.size(); k-- > 0;) {
      Node& n = nodes_[k];
      if (n.element) {
        const GumboTag t = n.tag;
        n.paragraph = t == GUMBO_TAG_P || t == GUMBO_TAG_PRE ||
                      ((t == GUMBO_TAG_DIV || t == GUMBO_TAG_SECTION || t == GUMBO_TAG_TD ||
                        t == GUMBO_TAG_BLOCKQUOTE || t == GUMBO_TAG_LI) && !n.block_below);
        if (n.paragraph) n.para_text = n.text - n.link_text;
        if (IsHeading(t)) n.heading_text = n.text;
        n.p += t == GUMBO_TAG_P;
        n.img += t == GUMBO_TAG_IMG;
        n.li += t == GUMBO_TAG_LI;
        n.input += t == GUMBO_TAG_INPUT;
        n.embed += t == GUMBO_TAG_OBJECT || t == GUMBO_TAG_EMBED || t == GUMBO_TAG_IFRAME || t == GUMBO_TAG_VIDEO;
      }
      if (n.parent < 0) continue;
      Node& p = nodes_[n.parent];
      p.text += n.text, p.link_text += n.link_text, p.heading_text += n.heading_text, p.commas += n.commas;
      p.para_text += n.para_text;
      p.p += n.p, p.img += n.img, p.li += n.li, p.input += n.input, p.embed += n.embed;
      p.block_below |= (n.element && IsBlockContent(n.tag)) || n.block_below;
    }
    page_para_ = nodes_.empty() ? 0 : nodes_[0].para_text;
    subtree_.assign(nodes_.size(), 1);
    for (size_t k = nodes_.size(); k-- > 1;)
      if (nodes_[k].parent >= 0) subtree_[nodes_[k].parent] += subtree_[k];
  }

  double LinkDensity(const Node& n) const { return n.text ? static_cast<double>(n.link_text) / n.text : 0; }

  // The article or a wrapper of it: never dropped for a furniture word.
  bool HoldsArticle(const Node& n) const {
    if (n.tag == GUMBO_TAG_BODY || n.tag == GUMBO_TAG_HTML || n.tag == GUMBO_TAG_MAIN) return true;
    return page_para_ > 0 && n.para_text >= kArticleShare * page_para_;
  }

  bool DropsAsFurniture(const Node& n, unsigned relax) const {
    return !(relax & kKeepFurniture) && n.furniture && !HoldsArticle(n);
  }

  // Scores paragraphs into their ancestors; returns the best candidate, or -1.
  int32_t Score(unsigned relax) {
    for (Node& n : nodes_) n.score = 0, n.scored = false;
    std::vector<bool> in_furniture(nodes_.size(), false);
    std::vector<int32_t> candidates;
    for (size_t k = 0; k < nodes_.size(); ++k) {
      Node& n = nodes_[k];
      in_furniture[k] = (n.parent >= 0 && in_furniture[n.parent]) || (n.element && DropsAsFurniture(n, relax));
      const uint32_t own = n.text - n.link_text;  // words of its own, not link titles
      if (!n.paragraph || in_furniture[k] || own < kMinParagraph) continue;
      const float points = 1.0f + n.commas + std::min(own / 100u, 3u);
      int32_t a = n.parent;
      for (int level = 0; a >= 0 && level < 5; ++level, a = nodes_[a].parent) {
        Node& anc = nodes_[a];
        if (!anc.element) break;
        if (!anc.scored) {
          anc.scored = true;
          candidates.push_back(a);
        }
        anc.score += points / (level == 0 ? 1.0f : level == 1 ? 2.0f : level * 3.0f);
      }
    }
    for (int32_t c : candidates) {
      // an article word on a block too small to be an article (a video player "story_0")
      // earns it nothing
      Node& n = nodes_[c];
      const bool small = n.para_text < kMinArticleText;
      const int weight = (relax & kNoWeights) || (small && n.weight > 0) ? 0 : n.weight;
      n.score += TagBase(n.tag) + weight;
      n.score *= static_cast<float>(1.0 - LinkDensity(n));
    }
    constexpr size_t kTop = 5;
    const size_t top = std::min(kTop, candidates.size());
    std::partial_sort(candidates.begin(), candidates.begin() + top, candidates.end(),
                      [&](int32_t a, int32_t b) { return nodes_[a].score > nodes_[b].score; });
    candidates.resize(top);
    best_ = std::move(candidates);
    return best_.empty() ? -1 : best_[0];
  }

  // When several of the best candidates score close to the top one, the article is split
  // over blocks: take their nearest common ancestor held by at least three of them.
  int32_t CommonAncestor(int32_t top, const std::vector<int32_t>& best) const {
    constexpr size_t kMinAlternatives = 3;
    std::vector<int32_t> close;
    for (int32_t c : best)
      if (c != top && nodes_[c].score >= 0.75f * nodes_[top].score) close.push_back(c);
    if (close.size() < kMinAlternatives) return top;
    for (int32_t a = nodes_[top].parent; a >= 0 && nodes_[a].tag != GUMBO_TAG_BODY; a = nodes_[a].parent) {
      size_t holding = 0;
      for (int32_t c : close)
        holding += IsAncestor(a, c);
      if (holding >= kMinAlternatives) return a;
    }
    return top;
  }

  bool IsAncestor(int32_t a, int32_t k) const {
    for (k = nodes_[k].parent; k >= 0 && k >= a; k = nodes_[k].parent)
      if (k == a) return true;
    return false;
  }

  // Moves up while the parent scores as well (the article spread over several blocks) or is
  // a wrapper with nothing else in it.
  int32_t Widen(int32_t top) const {
    float last = nodes_[top].score;
    const float floor = last / 3;
    for (int32_t p = nodes_[top].parent; p >= 0 && nodes_[p].tag != GUMBO_TAG_BODY; p = nodes_[p].parent) {
      if (!nodes_[p].scored) continue;
      if (nodes_[p].score < floor) break;
      if (nodes_[p].score > last) {
        top = p;
        break;
      }
      last = nodes_[p].score;
    }
    while (nodes_[top].parent >= 0 && nodes_[nodes_[top].parent].tag != GUMBO_TAG_BODY &&
           OnlyElementChild(top))
      top = nodes_[top].parent;
    return top;
  }

  bool OnlyElementChild(int32_t k) const {
    const Node& parent = nodes_[nodes_[k].parent];
    for (int32_t c = parent.first_child; c >= 0; c = nodes_[c].next_sibling)
      if (c != k && nodes_[c].element && nodes_[c].text > 0) return false;
    return true;
  }

  // The candidate's siblings that hold article text too, in page order (the candidate among them).
  std::vector<int32_t> WithSiblings(int32_t top, unsigned relax) const {
    const Node& t = nodes_[top];
    if (t.parent < 0) return {top};
    const float threshold = std::max(10.0f, t.score * 0.2f);
    std::string_view top_class = stream_ ? std::string_view() : Attr(t.g, "class");
    std::vector<int32_t> out;
    for (int32_t c = nodes_[t.parent].first_child; c >= 0; c = nodes_[c].next_sibling) {
      const Node& s = nodes_[c];
      if (c == top) {
        out.push_back(c);
        continue;
      }
      if (!s.element || s.text == 0 || DropsAsFurniture(s, relax)) continue;
      float bonus = SameClass(top, top_class, c) ? t.score * 0.2f : 0;
      if (s.scored && s.score + bonus >= threshold) {
        out.push_back(c);
      } else if (s.paragraph || s.tag == GUMBO_TAG_P) {
        const double ld = LinkDensity(s);
        if (s.text > 80 && ld < 0.25) out.push_back(c);
        else if (s.text > 0 && s.text <= 80 && ld == 0 && EndsWithSentence(c)) out.push_back(c);
      }
    }
    return out;
  }

  // Whether sibling has the top candidate's class (a value, not none).
  bool SameClass(int32_t top, std::string_view top_class, int32_t sibling) const {
    if (stream_) return stream_->class_id[top] != 0 && stream_->class_id[sibling] == stream_->class_id[top];
    return !top_class.empty() && Attr(nodes_[sibling].g, "class") == top_class;
  }

  bool EndsWithSentence(int32_t k) const {
    std::string t = stream_ ? StreamedTextOf(k) : TextOf(nodes_[k].g);
    return t.find(". ") != std::string::npos || (!t.empty() && t.back() == '.');
  }

  // TextOf for a streamed page: each stretch of text between tags and a space, spaces collapsed.
  std::string StreamedTextOf(int32_t k) const {
    const std::string_view all = stream_->text.view();
    std::vector<uint32_t> cuts{stream_->text_begin[k], stream_->text_end[k]};
    for (size_t c = static_cast<size_t>(k) + 1; c < static_cast<size_t>(k) + subtree_[k]; ++c)
      cuts.insert(cuts.end(), {stream_->text_begin[c], stream_->text_end[c]});
    std::sort(cuts.begin(), cuts.end());
    std::string s;
    for (size_t i = 0; i + 1 < cuts.size(); ++i)
      if (cuts[i + 1] > cuts[i]) s.append(all.substr(cuts[i], cuts[i + 1] - cuts[i])) += ' ';
    return NormalizeSpaces(s);
  }

  // Blocks inside the article that are shaped like furniture: link lists, share bars, image
  // strips, forms, empty boxes (Readability's conditional cleaning).
  bool DropsByShape(const Node& n, unsigned relax) const {
    if (relax & kNoShapeCleaning) return false;
    switch (n.tag) {
      case GUMBO_TAG_DIV: case GUMBO_TAG_SECTION: case GUMBO_TAG_UL: case GUMBO_TAG_OL: case GUMBO_TAG_TABLE:
      case GUMBO_TAG_FORM: case GUMBO_TAG_FIELDSET: case GUMBO_TAG_DL: case GUMBO_TAG_ASIDE: case GUMBO_TAG_HEADER:
        break;
      default:
        return false;
    }
    if (HoldsArticle(n)) return false;
    const int weight = (relax & kNoWeights) ? 0 : n.weight;
    if (weight + (n.scored ? n.score : 0) < 0) return true;
    if (n.commas >= 10) return false;
    const bool list = n.tag == GUMBO_TAG_UL || n.tag == GUMBO_TAG_OL;
    const double ld = LinkDensity(n);
    const double heading = n.text ? static_cast<double>(n.heading_text) / n.text : 0;
    if (n.img > 1 && n.p * 2 < n.img) return true;
    if (n.input * 3 > n.p) return true;
    if (!list && heading < 0.9 && n.text < kMinParagraph && (n.img == 0 || n.img > 2)) return true;
    if (!list && weight < kClassWeight && ld > 0.2) return true;
    if (ld > 0.5) return true;
    if ((n.embed == 1 && n.text < 75) || n.embed > 1) return true;
    return false;
  }

  std::string Attempt(unsigned relax) {
    int32_t top = Score(relax);
    std::vector<Block> blocks;
    if (top < 0) {
      blocks.push_back({Body()});
    } else {
      top = Widen(CommonAncestor(top, best_));
      for (int32_t b : WithSiblings(top, relax)) blocks.push_back({b});
    }
    for (Block& b : blocks) b.g = nodes_[b.node].g;
    MarkForLayout(blocks, relax);
    // Reserved at once: a text grown by doubling holds its old and new buffers as it copies, and
    // on a large page that is the peak. Each node adds at most a space or a block's breaks.
    size_t bound = 2 + 5 * nodes_.size();
    for (const Block& b : blocks) bound += nodes_[b.node].text;
    std::string text;
    if ((parsed_ || stream_) && bound > kProbeBytes) {
      // A long text: when its start already has the words that make this attempt the one kept
      // (Extract), the list is freed and the text laid out again taking each text node's string
      // out of the tree, so that the tree's text and the article's are not both held in full.
      text.reserve(kProbeBytes + 1);
      if (LayOut(blocks, kProbeBytes, nullptr, &text)) return text;  // short after all
      if (CountWords(text) >= kMinWords) {
        std::string().swap(text);
        FreeList();
        text.reserve(bound);
        releasing_ = true;
        LayOut(blocks, std::string::npos, parsed_, &text);
        return text;
      }
      text.clear();
    }
    text.reserve(bound);
    LayOut(blocks, std::string::npos, nullptr, &text);
    return text;
  }

  // A block of the article: its node and its element in gumbo's tree.
  struct Block {
    int32_t node;
    const GumboNode* g = nullptr;
  };

  // What laying out reads of each node below the blocks, so that it needs the list no more.
  enum LayoutFlag : uint8_t { kElement = 1, kSkippedBelow = 2, kDropped = 4, kBlockTag = 8 };

  void MarkForLayout(const std::vector<Block>& blocks, unsigned relax) {
    layout_.assign(nodes_.size(), 0);
    for (const Block& b : blocks) {
      // a block's nodes are the subtree_ nodes from it (the list is in document order)
      for (size_t k = static_cast<size_t>(b.node); k < static_cast<size_t>(b.node) + subtree_[b.node]; ++k) {
        const Node& n = nodes_[k];
        if (!n.element) continue;
        layout_[k] = kElement | (n.skipped ? kSkippedBelow : 0) | (n.block_tag ? kBlockTag : 0) |
                     (DropsAsFurniture(n, relax) || DropsByShape(n, relax) ? kDropped : 0);
      }
    }
  }

  // The list is read no more once the kept attempt is chosen: freed before its text is laid out.
  void FreeList() {
    const size_t freed = nodes_.capacity() * sizeof(Node);
    std::vector<Node>().swap(nodes_);
    if (freed >= kReturnMemoryBytes) ReturnFreedMemory();
  }

  // Lays out blocks into text, one block a line, until text holds stop_at bytes; returns whether
  // all of it was laid out. Given release, each text node read is freed.
  bool LayOut(const std::vector<Block>& blocks, size_t stop_at, ParsedHtml* release, std::string* text) {
    pending_space_ = false;
    for (const Block& b : blocks)
      if (!(stream_ ? EmitStreamed(b, stop_at, text) : Emit(b, stop_at, release, text))) return false;
    while (!text->empty() && text->back() == '\n') text->pop_back();
    if (!text->empty()) text->push_back('\n');
    return true;
  }

  int32_t Body() const {
    for (size_t k = 0; k < nodes_.size(); ++k)
      if (nodes_[k].tag == GUMBO_TAG_BODY) return static_cast<int32_t>(k);
    return 0;
  }

  // Ends the current block: blocks are separated by one blank line.
  void Break(std::string* t) {
    pending_space_ = false;
    if (t->empty()) return;
    while (t->size() < 2 || (*t)[t->size() - 1] != '\n' || (*t)[t->size() - 2] != '\n') t->push_back('\n');
  }

  void AppendText(std::string_view s, std::string* t) {
    for (size_t i = 0; i < s.size();) {
      if (size_t n = SpaceLength(s, i)) {
        pending_space_ = true;
        i += n;
        continue;
      }
      if (pending_space_ && !t->empty() && t->back() != '\n') t->push_back(' ');
      pending_space_ = false;
      size_t j = i + 1;  // the run of bytes up to the next space, copied at once
      while (j < s.size() && !SpaceLength(s, j)) ++j;
      t->append(s, i, j - i);
      i = j;
    }
  }

  // Lays out the text below root, one block a line. Reads gumbo's tree, the nodes' layout_ flags
  // and subtree_ sizes, not the list; holds a frame per open element (the depth, not the width:
  // an article of 300,000 paragraphs is one frame). Stops once text holds stop_at bytes
  // (returns false); given release, frees each text node as it is read.
  bool Emit(const Block& root, size_t stop_at, ParsedHtml* release, std::string* text) {
    struct Frame {
      const GumboNode* g;
      unsigned next_kid = 0;   // gumbo's child read next
      int32_t next_node;       // the node of the next child that has one (not text or whitespace)
      bool block;              // closed by a break
    };
    std::vector<Frame> open;
    // An element: its block opens, and unless nothing below it is read, a frame for its children.
    const auto enter = [&](const GumboNode* g, int32_t node) {
      const uint8_t flags = layout_[node];
      if (!(flags & kElement)) return;
      if (node != root.node && (flags & kDropped)) return;
      const bool block = lex_.html_block_tags.count(TagName(g)) > 0;
      if (block) Break(text);
      if (flags & kSkippedBelow) {
        if (block) Break(text);
        return;
      }
      open.push_back({g, 0, node + 1, block});
    };
    enter(root.g, root.node);
    while (!open.empty()) {
      if (text->size() >= stop_at) return false;
      Frame& f = open.back();
      const GumboVector& kids = f.g->v.element.children;
      if (f.next_kid == kids.length) {
        const bool block = f.block;
        open.pop_back();
        if (block) Break(text);
        continue;
      }
      const GumboNode* kid = static_cast<const GumboNode*>(kids.data[f.next_kid++]);
      switch (kid->type) {
        case GUMBO_NODE_TEXT: case GUMBO_NODE_CDATA: case GUMBO_NODE_WHITESPACE:
          if (kid->type == GUMBO_NODE_WHITESPACE) pending_space_ = true;
          else AppendText(kid->v.text.text, text);
          if (release) release->ReleaseText(kid);
          break;
        case GUMBO_NODE_COMMENT:
          break;
        default: {
          // the list's children of a node follow it in document order, each after the subtree
          // of the one before
          const int32_t node = f.next_node;
          f.next_node += static_cast<int32_t>(subtree_[node]);
          enter(kid, node);  // may add a frame: f is not used after
        }
      }
    }
    return true;
  }

  // Emit for a streamed page: an element's text is its range of the page's text less its
  // children's ranges. The article's blocks are laid out in page order, so once the kept attempt
  // is laid out (releasing_) the text behind is given back as it is read.
  bool EmitStreamed(const Block& root, size_t stop_at, std::string* text) {
    const std::string_view all = stream_->text.view();
    const std::vector<uint32_t>& begin = stream_->text_begin;
    const std::vector<uint32_t>& end = stream_->text_end;
    struct Frame {
      int32_t node;
      int32_t next_child;  // the node of the child read next
      uint32_t at;         // the text read next
      bool block;
    };
    std::vector<Frame> open;
    size_t read = 0;  // text read since it was last given back
    const auto append = [&](uint32_t from, uint32_t to) {
      if (to <= from) return;
      AppendText(all.substr(from, to - from), text);
      if (!releasing_) return;
      read += to - from;
      constexpr size_t kReleaseEvery = size_t{4} << 20;
      if (read >= kReleaseEvery) {
        stream_->text.ReleaseBelow(to);
        read = 0;
      }
    };
    const auto enter = [&](int32_t node) {
      const uint8_t flags = layout_[node];
      if (!(flags & kElement)) return;
      if (node != root.node && (flags & kDropped)) return;
      const bool block = flags & kBlockTag;
      if (block) Break(text);
      if (flags & kSkippedBelow) {
        if (block) Break(text);
        return;
      }
      open.push_back({node, node + 1, begin[node], block});
    };
    enter(root.node);
    while (!open.empty()) {
      if (text->size() >= stop_at) return false;
      Frame& f = open.back();
      if (f.next_child == f.node + static_cast<int32_t>(subtree_[f.node])) {
        append(f.at, end[f.node]);
        const bool block = f.block;
        open.pop_back();
        if (block) Break(text);
        continue;
      }
      const int32_t child = f.next_child;
      f.next_child += static_cast<int32_t>(subtree_[child]);
      append(f.at, begin[child]);
      f.at = end[child];
      enter(child);  // may add a frame: f is not used after
    }
    return true;
  }

  // The start of an attempt's text laid out to count its words before the whole is laid out.
  static constexpr size_t kProbeBytes = size_t{64} << 10;

  const CleanLexicon& lex_;
  ParsedHtml* parsed_;
  StreamedPage* stream_ = nullptr;
  bool releasing_ = false;  // the kept attempt is being laid out: what it reads is read for the last time
  std::vector<Node> nodes_;
  std::vector<uint32_t> subtree_;  // each node's count of nodes in its subtree, itself included
  std::vector<uint8_t> layout_;    // LayoutFlag of each node below the last attempt's blocks
  uint32_t page_para_ = 0;
  std::vector<int32_t> best_;  // the best candidates of the last scoring, best first
  bool pending_space_ = false;
};

}  // namespace

size_t CountWords(std::string_view text) {
  size_t words = 0;
  bool in_word = false;
  for (size_t i = 0; i < text.size();) {
    if (size_t n = SpaceLength(text, i)) {
      in_word = false;
      i += n;
      continue;
    }
    words += !in_word;
    in_word = true;
    ++i;
  }
  return words;
}

std::string MainText(const CleanLexicon& lex, const GumboNode* root, ParsedHtml* parsed) {
  return ContentFinder(lex, root, parsed).Extract();
}

std::string MainText(const CleanLexicon& lex, StreamedPage* page) {
  return ContentFinder(lex, page).Extract();
}

}  // namespace tally
