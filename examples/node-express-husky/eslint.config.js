module.exports = [
  {
    files: ["**/*.js"],
    languageOptions: { sourceType: "commonjs" },
  },
];
