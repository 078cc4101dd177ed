// .metta files are bundled as their text (esbuild's text loader, see build.mjs).
declare module '*.metta' {
  const text: string;
  export default text;
}
