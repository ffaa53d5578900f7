/* papercat: split a Chinese query into the longest words the search index holds.
 * The index was cut into words with jieba; Sphinx splits queries only at spaces
 * and punctuation. Single Han characters are never indexed, so they are dropped
 * when no longer word starts with them. */
var splitQuery = function (query) {
  const index = (typeof Search !== "undefined" && Search._index) || {};
  const has = (table, word) =>
    table !== undefined && Object.prototype.hasOwnProperty.call(table, word);
  const known = (word) => has(index.terms, word) || has(index.titleterms, word);
  const words = [];
  query
    .split(/[^\p{Letter}\p{Number}_\p{Emoji_Presentation}]+/gu)
    .filter((part) => part)
    .forEach((part) => {
      (part.match(/\p{Script=Han}+|[^\p{Script=Han}]+/gu) || []).forEach((run) => {
        if (!/\p{Script=Han}/u.test(run)) {
          words.push(run);
          return;
        }
        let start = 0;
        while (start < run.length) {
          let end = run.length;
          while (end > start + 1 && !known(run.slice(start, end))) end -= 1;
          if (end > start + 1) words.push(run.slice(start, end));
          start = end;
        }
      });
    });
  return words;
};
