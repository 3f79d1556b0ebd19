// The search page: queries the Pagefind index built with the site, in the browser, with no server.
// Without JavaScript the page is a plain form and the list of reports by region; with it, the query
// in the address (?q=...) or typed in the form is answered with a list of results, each naming its
// document (the PDU), the section and the sentence that matched. The number of results is announced
// through a status message; results are plain links in a list, reached with Tab like any other.
// Content is put on the page as text, never as HTML.

const siteRoot = new URL("../", import.meta.url);
const form = document.getElementById("search-form");
const input = document.getElementById("search-q");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const MAX_RESULTS = 20;
const MAX_SECTIONS = 3;
const MAX_WORDS = 60;

let pagefind = null;

async function engine() {
  if (pagefind === null) {
    pagefind = await import(new URL("pagefind/pagefind.js", siteRoot).href);
    await pagefind.options({ baseUrl: "/" });
  }
  return pagefind;
}

// The sentence around word `at` of the page's text: back to the end of the previous sentence,
// on to the end of this one (at most MAX_WORDS words either way). In a key-question table a row
// is a question and its figure ("... safe? 33%"): a figure ends a sentence, and follows its question.
const FIGURE = /^\d+%[.,]?$/;
function sentenceAround(words, at) {
  const ends = (word) => /[.!?:;]["'”’)]*$/.test(word) || FIGURE.test(word);
  let start = at;
  while (start > 0 && at - start < MAX_WORDS && !ends(words[start - 1])) start -= 1;
  let end = at;
  while (end < words.length - 1 && end - at < MAX_WORDS && !ends(words[end])) end += 1;
  if (end < words.length - 1 && !FIGURE.test(words[end]) && FIGURE.test(words[end + 1])) end += 1;
  return [start, end];
}

// The sentence of a section that holds the most matched words, as [start, end, matches].
function bestSentence(words, locations) {
  let best = [0, Math.min(words.length - 1, MAX_WORDS), -1];
  for (const at of locations) {
    const [start, end] = sentenceAround(words, at);
    const matches = new Set(locations.filter((l) => l >= start && l <= end).map((l) => words[l].toLowerCase())).size;
    if (matches > best[2]) best = [start, end, matches];
  }
  return best;
}

function sentenceElement(words, locations, [start, end]) {
  const marked = new Set(locations);
  const p = document.createElement("p");
  p.className = "search-sentence";
  for (let i = start; i <= end; i += 1) {
    if (i > start) p.append(" ");
    if (marked.has(i)) {
      const mark = document.createElement("mark");
      mark.textContent = words[i];
      p.append(mark);
    } else {
      p.append(words[i]);
    }
  }
  return p;
}

function href(url) {
  return new URL(url.replace(/^\//, ""), siteRoot).href;
}

function resultItem(data) {
  const item = document.createElement("li");
  item.className = "search-result";
  const heading = document.createElement("h2");
  const link = document.createElement("a");
  link.href = href(data.url);
  link.textContent = data.meta.pdu || data.meta.title;
  heading.append(link);
  item.append(heading);
  const about = document.createElement("p");
  about.className = "search-about";
  about.textContent = [data.meta.kind, data.meta.region, data.meta.published].filter(Boolean).join(", ");
  if (data.meta.pdu) about.textContent = `${data.meta.title}. ${about.textContent}`;
  item.append(about);
  // The sections whose best sentence matches the most words of the query, in that order.
  const words = data.content.split(/\s+/);
  const found = (data.sub_results || []).filter((s) => s.locations && s.locations.length);
  const sections = (found.length ? found : [{ title: data.meta.title, url: data.url, locations: data.locations }])
    .map((section) => ({ section, sentence: bestSentence(words, section.locations) }))
    .sort((a, b) => b.sentence[2] - a.sentence[2])
    .slice(0, MAX_SECTIONS);
  const places = document.createElement("ul");
  places.className = "search-sections";
  for (const { section, sentence } of sections) {
    const place = document.createElement("li");
    const sectionLink = document.createElement("a");
    sectionLink.href = href(section.url);
    sectionLink.textContent = section.title;
    const label = document.createElement("span");
    label.className = "search-section-label";
    label.textContent = "Section: ";
    place.append(label, sectionLink, sentenceElement(words, section.locations, sentence));
    places.append(place);
  }
  item.append(places);
  return item;
}

async function run(query) {
  list.replaceChildren();
  list.hidden = true;
  if (!query.trim()) {
    status.textContent = "";
    return;
  }
  status.textContent = "Searching…";
  try {
    const search = await (await engine()).search(query);
    const results = await Promise.all(search.results.slice(0, MAX_RESULTS).map((r) => r.data()));
    list.replaceChildren(...results.map(resultItem));
    list.hidden = results.length === 0;
    const count = search.results.length;
    const shown = count > MAX_RESULTS ? `, the first ${MAX_RESULTS} shown` : "";
    status.textContent = count
      ? `${count} result${count === 1 ? "" : "s"} for “${query}”${shown}.`
      : `No results for “${query}”. Check the spelling, try other words, or browse the reports by region below.`;
  } catch (error) {
    status.textContent = "The search could not be loaded. Browse the reports by region below.";
    console.error(error);
  }
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const query = input.value;
  const address = new URL(window.location.href);
  address.searchParams.set("q", query);
  window.history.replaceState(null, "", address);
  run(query);
});

const initial = new URLSearchParams(window.location.search).get("q") || "";
if (initial) {
  input.value = initial;
  run(initial);
}
