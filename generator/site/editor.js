// The web editor's page (admin/, generator/site/editor.py), run after
// decap-cms.js.  config.js (generated at build time from the item model,
// generator/outputs/cms.py) holds the fields of an item once; here they become
// one folder collection per department, and Decap CMS is started with them.
//
// Before each save, what a clerk emptied is dropped: keys holding "" or null,
// empty objects, empty entries of lists.  A cleared field is then "not
// stated", as in a file written by hand, not an empty text that `check`
// refuses.  Lists themselves stay, even empty (materials: [] = none needed).
(function () {
  "use strict";
  var data = window.CATALOGUE_EDITOR;
  var collections = data.departments.map(function (department) {
    return Object.assign({}, data.collection, {
      name: department.id, label: department.name,
      // A copy each: Decap completes the field objects in place.
      folder: data.folder + "/" + department.id, fields: JSON.parse(JSON.stringify(data.fields))
    });
  });

  function isList(value) { return typeof value.push === "function"; }
  function empty(value) {
    if (value === "" || value === null || value === undefined) return true;
    return typeof value === "object" && typeof value.toJS === "function" && !isList(value) && value.size === 0;
  }
  function clean(value) {  // Immutable.js Map or List (Decap's entry data)
    if (value === null || typeof value !== "object" || typeof value.toJS !== "function") return value;
    return value.map(clean).filter(function (child) { return !empty(child); });
  }

  window.CMS.registerEventListener({
    name: "preSave",
    handler: function (event) { return clean(event.entry.get("data")); }
  });
  window.CMS.init({ config: Object.assign({}, data.config, { collections: collections }) });
})();
