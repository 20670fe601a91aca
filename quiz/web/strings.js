// Every word the questionnaire's script puts on the page, in one table: buttons, status lines, errors,
// screen-reader labels, the day map's and the letter's words.
//
// Texts from the questionnaire itself (questions, answers, bands, notes) come from its definition, not from
// here. A key is looked up in the page's language (<html lang>, "es-MX" tries "es-MX", then "es") and falls
// back to English, so a language that lacks a key still shows words, never the key. `{name}` in a text is
// filled from the values given. No DOM needed: node's tests use it too.

/** @typedef {Record<string, string>} Table */

/** @type {Readonly<Record<string, Table>>} */
export const STRINGS = Object.freeze({
  en: {
    // The engine and the status line
    "status.loading": "Getting the questionnaire ready on your device…",
    "status.working": "Working out your result…",
    "status.result": "Your result: {title}",
    "status.loaded": "Your saved answers were loaded. Check them below.",
    "status.cleared": "Your answers were cleared.",
    "problem.text": "The questionnaire could not get ready on this device. Your answers are kept. ",
    "problem.retry": "Try again",
    "problem.paperBefore": "Or ",
    "problem.paperLink": "work it out on paper",
    "problem.paperAfter": ": print this page, with every question and a guide to the result.",
    "problem.definition": "could not load the questionnaire texts (HTTP {status})",
    "problem.unknown": "unknown error",

    // Steps
    "step.back": "Back",
    "step.continue": "Continue",
    "step.count": "Question {number} of {total}",

    // The paper version: written into the page's HTML by the build (quiz/site/form.py reads this table)
    "paper.title": "Work it out on paper",
    "paper.how": "Print this page. Tick one answer for each question. Then use this guide to find the support that may be worth discussing.",
    "paper.bands": "What each result means",

    // Opening the page afresh with answers kept from before
    "resume.title": "Continue where you left off?",
    "resume.text": "This device has answers you gave before. You can carry on from where you stopped, or start again.",
    "resume.continue": "Continue where you left off",
    "resume.startAgain": "Start again",
    "resume.startAgainHint": "Starting again clears the answers kept on this device.",

    // Errors (the error summary and the error message beside a question)
    "error.title": "There is a problem",
    "error.prefix": "Error: ",
    "error.chooseOne": "Choose an answer",
    "error.chooseSome": "Choose at least one answer",
    "error.dontKnow": "{message}. If you don't know, choose “{label}”",

    // Check your answers
    "check.title": "Check your answers",
    "check.notAnswered": "Not answered",
    "check.change": "Change",
    "check.changeHidden": " your answer to: {title}",
    "check.seeResult": "See my result",

    // The result
    "result.failedTitle": "Your result could not be worked out",
    "result.failedText": "Your answers are kept. Choose \"Try again\" above, or come back later.",
    "result.checkOrChange": "Check or change your answers",
    "result.decides":
      "This is not a decision. It is a starting point to talk about with your child's IEP team, who decide together.",
    "result.focus": "Focus on these times",
    "result.noFocus": "Your answers do not point to one time of day yet.",
    "result.mainReasons": "The main reasons",
    "result.allReasons": "All the reasons",
    "result.next": "What to do next",
    "result.nextQuestions": "Ask the team the questions below",
    "result.nextSheet": "Track a week of school days",
    "result.nextLetter": "Write to ask for a meeting",
    "result.contents": "The rest of your result",
    "result.letters": "Letters",
    "result.why": "Why",
    "result.changeAnswer": "Change your answer",
    "result.changeHidden": " to: {title}",
    "result.notes": "What to ask about",
    "result.day": "Your child's school day",
    "result.meeting": "Getting ready for the meeting",
    "result.questionsToAsk": "Questions to ask the team",
    "result.whatToBring": "What to bring",
    "result.areas": "What support can look like",
    "result.looksLike": "What it can look like",
    "result.tryFirst": "What to try or ask about first",
    "result.independence": "Building independence",
    "result.print": "Print",
    "result.printLetter": "Include the letter when I print",
    "result.printButton": "Print or save as PDF",

    // The day map and the tracking sheet
    "day.caption": "How much adult help may be needed at each part of the school day",
    "day.time": "Part of the day",
    "day.level": "Adult help",
    "day.areas": "Why (the areas)",
    "day.chosen": "You chose this time.",
    "day.chosenAfter": "{areas}. You chose this time.",
    "day.none": "—",
    "day.key": "Longer bars mean more adult help. ★ marks the times you chose.",
    "day.table": "Day map table",
    "sheet.title": "A one-week tracking sheet",
    "sheet.caption": "Adult help this week. Write a number from the key in each box.",
    "sheet.days": "Monday|Tuesday|Wednesday|Thursday|Friday", // the sheet's columns, split at |
    "sheet.table": "Tracking sheet table",
    "sheet.key": "Key:",
    "sheet.keyItem": " = {label}",
    "sheet.notes": "Notes: ______________________________________________",
    "sheet.print": "Print the tracking sheet",

    // Your answers: save, load, remember, clear
    "keep.title": "Your answers",
    "keep.private": "Your answers stay on this device. Nothing is sent anywhere.",
    "keep.load": "Load saved answers",
    "keep.loadHint": "Choose a file you saved from this questionnaire before. It is read on your device only.",
    "keep.remember": "Remember on this device",
    "keep.rememberHint":
      "This keeps your answers in this browser after you close it, until you untick it or clear them, so do not use it on a shared computer.",
    "keep.save": "Save my answers",
    "keep.clear": "Clear my answers",
    "keep.tooLarge": "the file is larger than {size} KB, so it is not an answers file",
    "keep.refused": "This file could not be loaded: {message}. Your answers on screen have not changed.",

    // The letter
    "letter.title": "A letter to ask for a meeting",
    "letter.kitTitle": "Letters you can send", // the letter kit (several letters)
    "letter.choose": "Which letter?",
    "letter.hint":
      "This is a draft you can change. Your names are only used in these letters: they are not kept or sent anywhere. Send it to your child's teacher or the special education office, and keep a copy.",
    "letter.parent": "Your name",
    "letter.child": "Your child's name",
    "letter.text": "Your letter (you can change it)",
    "letter.copy": "Copy to clipboard",
    "letter.txt": "Download as text (.txt)",
    "letter.docx": "Download as Word (.docx)",
    "letter.copied": "The letter was copied. You can paste it into an email.",
    "letter.savedTxt": "The letter was saved as a text file.",
    "letter.making": "Making the Word file…",
    "letter.savedDocx": "The letter was saved as a Word file.",
    "letter.copyFailed": "The letter could not be copied here. Select the text in the box and copy it.",
    "letter.fileFailed": "The file could not be made ({message}).",
    // The letters page (quiz/site/letters.py): the kit without a questionnaire
    "letter.pageTitle": "Make your letter",
    "letter.pageFailed": "The letters could not be loaded here ({message}). The letters below are still there to copy.",
    // What the template's placeholders say when the result or the parent leaves them empty
    "letter.noDate": "[today's date]", // the letters page without JavaScript (quiz/site/letters.py)
    "letter.noChild": "[my child's name]",
    "letter.noParent": "[your name]",
    "letter.noAreas": "- [the areas you would like to talk about]",
    "letter.noTimes": "- [the times of day, if you know them]",
    "letter.noReasons": "- [what you have seen]",
    // On a page not in the site's default language (the school's, English): the letter in either, or both
    "letter.language": "Which language do you want the letter in?",
    "letter.languageHint": "The school can read the English copy. A change you make in one copy does not change the other.",
    "letter.languagePage": "The language of this page",
    "letter.languageSchool": "English",
    "letter.languageBoth": "Both: English for the school, and the language of this page for you",
    "letter.textPage": "Your letter in the language of this page (you can change it)",
    "letter.textSchool": "Your letter in English, for the school (you can change it)",
    "letter.schoolLoading": "Getting the letter in English ready…",
    "letter.schoolFailed": "The letter in English could not be made here ({message}). Your letter in this language is still here.",
    "letter.bothDivider": "- - - - - The same letter in the language of this page, for you - - - - -", // between the two copies in a file
  },
  // Spanish ("usted"). Every key of `en` must be here: tests/test_ui_strings.py names a missing one, and the
  // Spanish build stops on it (quiz/site/ui_strings.py). Words as US schools' Spanish notices use them.
  es: {
    // The engine and the status line
    "status.loading": "Preparando el cuestionario en su dispositivo…",
    "status.working": "Calculando su resultado…",
    "status.result": "Su resultado: {title}",
    "status.loaded": "Se cargaron sus respuestas guardadas. Revíselas abajo.",
    "status.cleared": "Se borraron sus respuestas.",
    "problem.text": "El cuestionario no pudo prepararse en este dispositivo. Sus respuestas se guardan. ",
    "problem.retry": "Intentar de nuevo",
    "problem.paperBefore": "O ",
    "problem.paperLink": "hágalo en papel",
    "problem.paperAfter": ": imprima esta página, con todas las preguntas y una guía para el resultado.",
    "problem.definition": "no se pudieron cargar los textos del cuestionario (HTTP {status})",
    "problem.unknown": "error desconocido",

    // Steps
    "step.back": "Atrás",
    "step.continue": "Continuar",
    "step.count": "Pregunta {number} de {total}",

    // The paper version
    "paper.title": "Hágalo en papel",
    "paper.how": "Imprima esta página. Marque una respuesta en cada pregunta. Luego use esta guía para ver de qué apoyo puede valer la pena hablar.",
    "paper.bands": "Qué significa cada resultado",

    // Opening the page afresh with answers kept from before
    "resume.title": "¿Seguir donde lo dejó?",
    "resume.text": "Este dispositivo tiene respuestas que usted dio antes. Puede seguir desde donde se quedó, o empezar de nuevo.",
    "resume.continue": "Seguir donde lo dejé",
    "resume.startAgain": "Empezar de nuevo",
    "resume.startAgainHint": "Al empezar de nuevo se borran las respuestas guardadas en este dispositivo.",

    // Errors (the error summary and the error message beside a question)
    "error.title": "Hay un problema",
    "error.prefix": "Error: ",
    "error.chooseOne": "Elija una respuesta",
    "error.chooseSome": "Elija al menos una respuesta",
    "error.dontKnow": "{message}. Si no lo sabe, elija “{label}”",

    // Check your answers
    "check.title": "Revise sus respuestas",
    "check.notAnswered": "Sin respuesta",
    "check.change": "Cambiar",
    "check.changeHidden": " su respuesta a: {title}",
    "check.seeResult": "Ver mi resultado",

    // The result
    "result.failedTitle": "No se pudo calcular su resultado",
    "result.failedText": "Sus respuestas se guardan. Elija “Intentar de nuevo” arriba, o vuelva más tarde.",
    "result.checkOrChange": "Revisar o cambiar sus respuestas",
    "result.decides":
      "Esto no es una decisión. Es un punto de partida para hablar con el equipo del IEP de su hijo, que decide en conjunto.",
    "result.focus": "Momentos en los que centrar el apoyo",
    "result.noFocus": "Sus respuestas todavía no señalan un momento del día.",
    "result.mainReasons": "Las razones principales",
    "result.allReasons": "Todas las razones",
    "result.next": "Qué hacer ahora",
    "result.nextQuestions": "Haga al equipo las preguntas de abajo",
    "result.nextSheet": "Anote una semana de días escolares",
    "result.nextLetter": "Escriba para pedir una reunión",
    "result.contents": "El resto de su resultado",
    "result.letters": "Cartas",
    "result.why": "Por qué",
    "result.changeAnswer": "Cambiar su respuesta",
    "result.changeHidden": " a: {title}",
    "result.notes": "Qué preguntar",
    "result.day": "El día escolar de su hijo",
    "result.meeting": "Prepararse para la reunión",
    "result.questionsToAsk": "Preguntas para el equipo",
    "result.whatToBring": "Qué llevar",
    "result.areas": "Cómo puede ser el apoyo",
    "result.looksLike": "Cómo puede ser",
    "result.tryFirst": "Qué probar o preguntar primero",
    "result.independence": "Desarrollar la independencia",
    "result.print": "Imprimir",
    "result.printLetter": "Incluir la carta al imprimir",
    "result.printButton": "Imprimir o guardar como PDF",

    // The day map and the tracking sheet
    "day.caption": "Cuánta ayuda de un adulto puede hacer falta en cada parte del día escolar",
    "day.time": "Parte del día",
    "day.level": "Ayuda de un adulto",
    "day.areas": "Por qué (las áreas)",
    "day.chosen": "Usted eligió este momento.",
    "day.chosenAfter": "{areas}. Usted eligió este momento.",
    "day.none": "—",
    "day.key": "Las barras más largas indican más ayuda de un adulto. ★ marca los momentos que usted eligió.",
    "day.table": "Tabla del mapa del día",
    "sheet.title": "Una hoja de seguimiento para una semana",
    "sheet.caption": "Ayuda de un adulto esta semana. Escriba en cada casilla un número de la clave.",
    "sheet.days": "Lunes|Martes|Miércoles|Jueves|Viernes",
    "sheet.table": "Tabla de la hoja de seguimiento",
    "sheet.key": "Clave:",
    "sheet.keyItem": " = {label}",
    "sheet.notes": "Notas: ______________________________________________",
    "sheet.print": "Imprimir la hoja de seguimiento",

    // Your answers: save, load, remember, clear
    "keep.title": "Sus respuestas",
    "keep.private": "Sus respuestas se quedan en este dispositivo. No se envía nada a ningún lugar.",
    "keep.load": "Cargar respuestas guardadas",
    "keep.loadHint": "Elija un archivo de respuestas de este cuestionario que guardó antes. Se lee solo en su dispositivo.",
    "keep.remember": "Recordar en este dispositivo",
    "keep.rememberHint":
      "Así sus respuestas se quedan en este navegador aunque lo cierre, hasta que quite la marca o las borre. No lo use en una computadora compartida.",
    "keep.save": "Guardar mis respuestas",
    "keep.clear": "Borrar mis respuestas",
    "keep.tooLarge": "el archivo pesa más de {size} KB, así que no es un archivo de respuestas",
    "keep.refused": "No se pudo cargar este archivo: {message}. Sus respuestas en la pantalla no cambiaron.",

    // The letter
    "letter.title": "Una carta para pedir una reunión",
    "letter.pageTitle": "Prepare su carta",
    "letter.kitTitle": "Cartas que puede enviar",
    "letter.choose": "¿Qué carta?",
    "letter.hint":
      "Este es un borrador que puede cambiar. Sus nombres solo se usan en estas cartas: no se guardan ni se envían a ningún lugar. Envíela al maestro de su hijo o a la oficina de educación especial, y guarde una copia.",
    "letter.parent": "Su nombre",
    "letter.child": "El nombre de su hijo",
    "letter.text": "Su carta (puede cambiarla)",
    "letter.copy": "Copiar",
    "letter.txt": "Descargar como texto (.txt)",
    "letter.docx": "Descargar como Word (.docx)",
    "letter.copied": "Se copió la carta. Puede pegarla en un correo electrónico.",
    "letter.savedTxt": "Se guardó la carta como archivo de texto.",
    "letter.making": "Preparando el archivo de Word…",
    "letter.savedDocx": "Se guardó la carta como archivo de Word.",
    "letter.copyFailed": "Aquí no se pudo copiar la carta. Seleccione el texto del cuadro y cópielo.",
    "letter.fileFailed": "No se pudo preparar el archivo ({message}).",
    "letter.pageFailed": "Aquí no se pudieron cargar las cartas ({message}). Las cartas de abajo siguen ahí para copiarlas.",
    "letter.noDate": "[la fecha de hoy]",
    "letter.noChild": "[el nombre de mi hijo]",
    "letter.noParent": "[su nombre]",
    "letter.noAreas": "- [las áreas de las que quiere hablar]",
    "letter.noTimes": "- [los momentos del día, si los sabe]",
    "letter.noReasons": "- [lo que usted ha visto]",
    "letter.language": "¿En qué idioma quiere la carta?",
    "letter.languageHint": "La escuela puede leer la copia en inglés. Si cambia una copia, la otra no cambia.",
    "letter.languagePage": "Español",
    "letter.languageSchool": "English",
    "letter.languageBoth": "Los dos: English para la escuela, español para usted",
    "letter.textPage": "Su carta en español (puede cambiarla)",
    "letter.textSchool": "Su carta en inglés, para la escuela (puede cambiarla)",
    "letter.schoolLoading": "Preparando la carta en inglés…",
    "letter.schoolFailed": "Aquí no se pudo preparar la carta en inglés ({message}). Su carta en español sigue aquí.",
    "letter.bothDivider": "- - - - - La misma carta en español, para usted - - - - -",
  },
});

/**
 * The result speaks to the parent ("Your child needs…"); the letter is the parent speaking ("My child…").
 * Whole words, in order: each pair is [the result's words, the letter's words].
 * @type {Readonly<Record<string, ReadonlyArray<readonly [string, string]>>>}
 */
export const VOICE = Object.freeze({
  en: [["help you", "help me"], ["Your", "My"], ["your", "my"], ["You", "I"], ["you", "I"]],
  // Spanish verbs change with the person, so only the possessives turn: the parent edits the rest in the letter.
  es: [["Sus", "Mis"], ["sus", "mis"], ["Su", "Mi"], ["su", "mi"]],
});

/** A key that no language has, English included: a mistake in the script, named so it can be found. */
export class StringError extends Error {
  /** @param {string} key */
  constructor(key) {
    super(`no text for "${key}" in quiz/web/strings.js`);
    this.name = "StringError";
    this.key = key;
  }
}

/** The page's language (<html lang>), or "en" where there is no page (node). */
export function pageLanguage() {
  return (typeof document !== "undefined" && document.documentElement.lang) || "en";
}

/**
 * The languages to try, most specific first, English last: "es-MX" → ["es-MX", "es", "en"].
 * @param {string} lang
 * @returns {string[]}
 */
export function languages(lang) {
  const tried = [lang, lang.split("-")[0], "en"];
  return tried.filter((code, index) => code && tried.indexOf(code) === index);
}

/**
 * The text for `key` in the page's language (else English), with `{name}` filled from `values`.
 * @param {string} key
 * @param {Record<string, string | number>} [values]
 * @param {string} [lang]  the page's language unless given
 * @returns {string}
 */
export function text(key, values = {}, lang = pageLanguage()) {
  for (const code of languages(lang)) {
    const table = STRINGS[code];
    if (table && Object.prototype.hasOwnProperty.call(table, key)) {
      return table[key].replace(/\{(\w+)\}/g, (match, name) => (name in values ? String(values[name]) : match));
    }
  }
  throw new StringError(key);
}

/**
 * The pairs of VOICE for the page's language (else English).
 * @param {string} [lang]
 * @returns {ReadonlyArray<readonly [string, string]>}
 */
export function voice(lang = pageLanguage()) {
  for (const code of languages(lang)) if (VOICE[code]) return VOICE[code];
  return VOICE.en;
}

/**
 * The words of one language, whatever the page's: for a text written in another language than the page (the
 * school's copy of a letter on a Spanish page). Looked up as text() does, so it falls back the same way.
 * @param {string} lang
 * @returns {(key: string, values?: Record<string, string | number>) => string}
 */
export function wordsIn(lang) {
  return (key, values = {}) => text(key, values, lang);
}

/**
 * Whether two language tags name the same language ("es-MX" and "es" do; "en" and "es" do not).
 * @param {string} a
 * @param {string} b
 */
export function sameLanguage(a, b) {
  return a.split("-")[0].toLowerCase() === b.split("-")[0].toLowerCase();
}
