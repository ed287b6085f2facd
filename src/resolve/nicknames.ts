import { editDistance } from './similarity.js';

/**
 * Common English given names and their short or familiar forms. Two given names are the same
 * under this table when one row lists both: `bob` and `rob` match through `robert`, and `al`
 * matches `albert`, `alan` and `alfred` without making those three match each other.
 * `isNickname` also accepts close spellings such as `stephen` and `steven`.
 *
 * Each line is `formal: variant variant ...`, lower-case ASCII.
 */
const TABLE = `
aaron: ron ronnie
abigail: abby abbie gail
abraham: abe bram
adam: ade
adelaide: addie adele della heidi
adrian: adie
agatha: aggie
agnes: aggie nessa
albert: al bert bertie
alan: al
alexander: alex al alec sandy xander lex sasha
alexandra: alex alexa sandra sandy lexi sasha
alexis: alex lexi
alfred: al alf alfie fred freddie
alice: ally allie
alison: ally allie
allison: ally allie
amanda: mandy manda
amelia: amy millie mel
andrea: andi drea
andrew: andy drew
angela: angie
anita: nita
ann: annie nan nancy
anna: annie
anne: annie nan
anthony: tony ant
antonio: tony toni
archibald: archie
arnold: arnie
arthur: art artie
augustus: gus augie
barbara: barb barbie babs
barnabas: barney
bartholomew: bart
beatrice: bea trixie
benedict: ben benny
benjamin: ben benji benny
bernard: bernie barney
bernadette: bernie
beverly: bev
bradley: brad
brandon: bran
brian: bri
bridget: biddy bridie
calvin: cal
cameron: cam
camille: cami millie
caroline: carrie carol lina
carolyn: carrie carol lyn
catherine: cathy cat kate katie kathy cate
cecilia: cece celia cissy
charles: charlie chuck chas chaz chip
charlotte: charlie lottie lotte
christian: chris
christina: chris tina chrissy
christine: chris tina chrissy
christopher: chris kit topher
clara: clare
clarence: clare
clifford: cliff
clinton: clint
cornelius: neil corny
cynthia: cindy
cyrus: cy
daniel: dan danny
danielle: dani elle
darlene: darla
david: dave davy
deborah: deb debbie debby
delores: dee lola
dennis: denny
diana: di
dominic: dom nick
donald: don donnie
dorothy: dot dottie dolly
douglas: doug
earnest: ernie
ebenezer: eb
edgar: ed eddie
edith: edie
edmund: ed eddie ned
edward: ed eddie ted teddy ned
edwin: ed eddie win
eleanor: ellie nell nora elle
elijah: eli
elizabeth: liz lizzy lizzie beth betty betsy eliza libby bess bessie ellie elsie lisa
ellen: ellie nell
emily: em emmy millie
emma: em emmy
eric: rick
ernest: ernie
eugene: gene
evelyn: evie eve
ezekiel: zeke
florence: flo flossie
frances: fran frankie fanny
francis: frank frankie fran
frank: frankie
franklin: frank
frederick: fred freddie fritz rick
gabriel: gabe
gabrielle: gabby gaby
geoffrey: geoff jeff
george: georgie
georgina: georgie gina
gerald: gerry jerry
geraldine: gerry dina
gertrude: gertie trudy
gilbert: gil bert
gregory: greg
gwendolyn: gwen wendy
harold: hal harry
harriet: hattie
harrison: harry
helen: nell ellie
henrietta: etta hettie
henry: hank harry hal
herbert: herb bert
howard: howie
hubert: hugh bert
ignatius: iggy
isaac: ike zack
isabel: izzy bella belle
isabella: izzy bella belle
isadora: izzy dora
jacob: jake jay
jacqueline: jackie jacky
james: jim jimmy jamie jimbo
jane: janie jenny
janet: jan jenny
jeffrey: jeff
jennifer: jen jenny jenn
jeremiah: jerry
jeremy: jerry
jerome: jerry
jessica: jess jessie
joanna: jo joanie
joanne: jo joanie
john: jack johnny jon
jonathan: jon jonny nathan
joseph: joe joey jos
josephine: jo josie
joshua: josh
judith: judy jude
julia: julie jules
julian: jules
juliana: julie
justin: justy
katherine: kathy kate katie kat kay kit
kathleen: kathy kate katie kay
kenneth: ken kenny
kimberly: kim kimmy
lauren: laurie
laurence: larry laurie
lawrence: larry laurie
leonard: leo len lenny
leonora: nora leo
leslie: les
lillian: lily lil
lincoln: linc
louis: lou louie
louise: lou lulu
lucas: luke
lucille: lucy
lucinda: lucy cindy
luther: lou
lydia: liddy
madeline: maddie maddy
madison: maddie maddy
magdalena: maggie magda lena
margaret: maggie meg peggy marge margie greta daisy rita
marian: mary
marilyn: mary lyn
marjorie: marge margie
martha: marty mattie patsy
martin: marty
marvin: marv
mary: molly polly mae mamie
matilda: tilly matty
matthew: matt matty
maureen: mo
maximilian: max
maxwell: max
melanie: mel
melissa: mel missy lissa
melvin: mel
michael: mike mikey mick mickey
michelle: shelly mich
mildred: millie
miriam: mimi
mitchell: mitch
montgomery: monty
nancy: nan
natalie: nat
nathan: nate nat
nathaniel: nate nat nathan
nicholas: nick nicky
nicole: nicki nikki
norbert: bert
norman: norm
oliver: ollie
olivia: liv livvy ollie
oscar: ozzy
pamela: pam
patricia: pat patty trish tricia patsy
patrick: pat paddy rick
paul: paulie
penelope: penny
peter: pete
philip: phil pip
phillip: phil
priscilla: cilla prissy
rachel: rach shelly
randolph: randy dolph
raphael: rafe
raymond: ray
rebecca: becky becca
reginald: reg reggie
richard: rick ricky dick rich richie
robert: bob bobby rob robbie bert
roberta: bobbie robbie
roderick: rod roddy rick
rodney: rod
roger: rog
ronald: ron ronnie
rosalind: ros rosie
rosemary: rose rosie
rudolph: rudy rolf
russell: russ rusty
samantha: sam sammy
samuel: sam sammy
sandra: sandy
sarah: sally sadie
sebastian: seb bastian
sidney: sid
simon: si
solomon: sol
sophia: sophie
stanley: stan
stephanie: steph stevie
stephen: steve stevie
steven: steve stevie
stuart: stu
susan: sue susie suzy
suzanne: sue susie suzy
sylvester: sly
tabitha: tabby
terence: terry
teresa: terry tess tessa
theodore: ted teddy theo
theresa: terry tess tessa
thomas: tom tommy
timothy: tim timmy
tobias: toby
valerie: val
vanessa: nessa
veronica: ronnie vera
victor: vic
victoria: vicky tori vic
vincent: vince vinny
virginia: ginny ginger
vivian: viv
walter: walt wally
wendy: wen
wilfred: fred will
wilhelmina: mina willa
william: bill billy will willy liam
winifred: winnie freda
yolanda: yoli
zachary: zach zack
`;

/** Formal given name of each table row, by every name on that row (the formal one included). */
const GROUPS: ReadonlyMap<string, readonly string[]> = buildGroups(TABLE);

/** Short forms of each formal name, by formal name. */
const VARIANTS: ReadonlyMap<string, readonly string[]> = new Map(
  TABLE.trim()
    .split('\n')
    .map((line) => line.split(':'))
    .map(([formal, variants]) => [formal?.trim() ?? '', variants?.trim().split(/\s+/) ?? []]),
);

function buildGroups(table: string): Map<string, string[]> {
  const groups = new Map<string, string[]>();

  for (const line of table.split('\n')) {
    const [formal, variants] = line.split(':');
    if (formal === undefined || variants === undefined) continue;

    for (const name of [formal.trim(), ...variants.trim().split(/\s+/)]) {
      const rows = groups.get(name) ?? [];
      if (!rows.includes(formal.trim())) rows.push(formal.trim());
      groups.set(name, rows);
    }
  }

  return groups;
}

/** Formal names of the table, in table order. */
export function formalNameList(): string[] {
  return [...VARIANTS.keys()];
}

/**
 * Returns the formal names a given name can stand for (`bob` → `['robert']`, `al` → `['albert',
 * 'alan', 'alfred', 'alexander']`), or an empty list for a name the table does not contain.
 * Expects a folded, lower-case name.
 */
export function formalNames(givenName: string): readonly string[] {
  return GROUPS.get(givenName) ?? [];
}

/** Returns the short forms the table lists for a formal given name (`robert` → `bob`, `rob`, …). */
export function nicknamesOf(formalName: string): readonly string[] {
  return VARIANTS.get(formalName) ?? [];
}

/**
 * Tells whether two different folded given names are forms of one name. They are when they
 * share a row of the nickname table, or when their rows share a short form and the formal names
 * are at most two edits apart (`stephen` and `steven`). `albert` and `alan` share `al` but are
 * different names.
 */
export function isNickname(left: string, right: string): boolean {
  if (left === right) return false;

  const leftRows = GROUPS.get(left);
  const rightRows = GROUPS.get(right);
  if (leftRows === undefined || rightRows === undefined) return false;
  if (leftRows.some((row) => rightRows.includes(row))) return true;

  return leftRows.some((leftRow) =>
    rightRows.some((rightRow) => {
      if (editDistance(leftRow, rightRow, 2) > 2) return false;
      const forms = VARIANTS.get(rightRow) ?? [];
      return (VARIANTS.get(leftRow) ?? []).some((form) => forms.includes(form));
    }),
  );
}

/**
 * Tells whether a folded given name is a known name: listed in the nickname table or among
 * common given names that have no short form there. Two different known names are never typos
 * of each other.
 */
export function isKnownGivenName(name: string): boolean {
  return GROUPS.has(name) || OTHER_GIVEN_NAMES.has(name);
}

/** Common English given names that the nickname table does not list. */
const OTHER_GIVEN_NAMES = new Set(
  `
mark marc luke ryan kevin jason scott kyle sean shawn carl karl craig dean dale glen glenn grant
ian ivan jay joel keith kurt lance lee leon luis mario neil noel omar owen ralph rene ross roy
seth todd troy tyler wade wayne blake brett brent bruce chad chase cody colin connor derek drew
dylan evan gary gavin grady hugo jared jesse joel jordan kai kirk logan lorenzo malcolm marco
mason miles nolan oscar perry quinn reid rhys riley ruben ryder shane spencer trent trevor
victor warren wyatt ethan noah aiden caleb hunter isaiah levi liam
mary marie maria mia maya ruth dana diane dawn erin gail gina hope iris jade jill joan jodie
joy june kara kelly lana lena lois lora lori luna lynn nina olga paula rosa rose ruby sara
sonia tara tina vera zoe amy anya april aria ava bella brenda carla carmen cara claire cora
crystal daisy dina donna elena ella elsa esther eva faith fiona grace hazel heather holly ida
ines ingrid irene ivy jana jenna joanna kayla kira laura leah lila lily linda lola lucy lydia
mabel megan mila molly nadia naomi nora olive paige pearl petra phoebe piper rachel rebecca
regina rhonda robin sabrina sadie selma sierra sophie stella susan sylvia tamara tessa thea
una ursula vivian wanda willow yara yvonne zara
`
    .split(/\s+/)
    .filter((name) => name !== ''),
);
