/**
 * The fixed vocabulary of the demo company: products (the CRM sample's list and prices),
 * regions with their languages, time zones and cities, sectors, people's names.
 */

export interface DemoProductSpec {
  name: string;
  series: string;
  /** List price in dollars, as in the CRM sample. */
  price: number;
  /** Units per deal (deals of cheap products are bought in volume). */
  units: [number, number];
  /** Cost as a share of the price: what is left is the margin (D6.7). */
  costRatio: number;
  /** Sales cycle in days, creation to close. */
  cycleDays: [number, number];
  weight: number;
}

export const PRODUCT_SPECS: readonly DemoProductSpec[] = [
  { name: "GTX Basic", series: "GTX", price: 550, units: [4, 24], costRatio: 0.62, cycleDays: [20, 50], weight: 18 },
  { name: "GTX Pro", series: "GTX", price: 4821, units: [1, 6], costRatio: 0.58, cycleDays: [30, 80], weight: 16 },
  { name: "MG Special", series: "MG", price: 55, units: [40, 300], costRatio: 0.45, cycleDays: [12, 30], weight: 12 },
  { name: "MG Advanced", series: "MG", price: 3393, units: [1, 8], costRatio: 0.55, cycleDays: [30, 75], weight: 16 },
  { name: "GTX Plus Pro", series: "GTX", price: 5482, units: [1, 6], costRatio: 0.6, cycleDays: [35, 90], weight: 12 },
  { name: "GTX Plus Basic", series: "GTX", price: 1096, units: [2, 16], costRatio: 0.6, cycleDays: [25, 60], weight: 16 },
  { name: "GTK 500", series: "GTK", price: 26768, units: [1, 3], costRatio: 0.5, cycleDays: [60, 140], weight: 8 },
];

export const SEGMENTS = ["SMB", "Mid-Market", "Enterprise"] as const;
export type Segment = (typeof SEGMENTS)[number];

/** The segment an account of this size belongs to (accounts carry employees, not segments). */
export function segmentForEmployees(employees: number): Segment {
  if (employees < 250) return "SMB";
  if (employees < 2500) return "Mid-Market";
  return "Enterprise";
}

export interface DemoCity {
  city: string;
  country: string;
  latitude: number;
  longitude: number;
}

export interface DemoRegion {
  name: string;
  /** Local time = UTC + offset (no daylight saving: a demo, not a calendar). */
  utcOffsetHours: number;
  languages: readonly string[];
  teamNames: readonly string[];
  cities: readonly DemoCity[];
}

export const REGIONS: readonly DemoRegion[] = [
  {
    name: "Americas",
    utcOffsetHours: -5,
    languages: ["en", "es", "pt"],
    teamNames: ["Americas East", "Americas West", "Americas Central", "Americas South", "Americas Enterprise"],
    cities: [
      { city: "New York", country: "United States", latitude: 40.7128, longitude: -74.006 },
      { city: "Chicago", country: "United States", latitude: 41.8781, longitude: -87.6298 },
      { city: "Boston", country: "United States", latitude: 42.3601, longitude: -71.0589 },
      { city: "Atlanta", country: "United States", latitude: 33.749, longitude: -84.388 },
      { city: "Toronto", country: "Canada", latitude: 43.6532, longitude: -79.3832 },
      { city: "São Paulo", country: "Brazil", latitude: -23.5505, longitude: -46.6333 },
      { city: "Mexico City", country: "Mexico", latitude: 19.4326, longitude: -99.1332 },
      { city: "Panama City", country: "Panama", latitude: 8.9824, longitude: -79.5199 },
    ],
  },
  {
    name: "EMEA",
    utcOffsetHours: 1,
    languages: ["en", "fr", "de", "es", "it"],
    teamNames: ["EMEA North", "EMEA South", "EMEA Central", "EMEA Enterprise", "EMEA Growth"],
    cities: [
      { city: "London", country: "United Kingdom", latitude: 51.5074, longitude: -0.1278 },
      { city: "Paris", country: "France", latitude: 48.8566, longitude: 2.3522 },
      { city: "Lyon", country: "France", latitude: 45.764, longitude: 4.8357 },
      { city: "Berlin", country: "Germany", latitude: 52.52, longitude: 13.405 },
      { city: "Munich", country: "Germany", latitude: 48.1351, longitude: 11.582 },
      { city: "Milan", country: "Italy", latitude: 45.4642, longitude: 9.19 },
      { city: "Madrid", country: "Spain", latitude: 40.4168, longitude: -3.7038 },
      { city: "Brussels", country: "Belgium", latitude: 50.8503, longitude: 4.3517 },
      { city: "Warsaw", country: "Poland", latitude: 52.2297, longitude: 21.0122 },
      { city: "Nairobi", country: "Kenya", latitude: -1.2921, longitude: 36.8219 },
    ],
  },
  {
    name: "APAC",
    utcOffsetHours: 8,
    languages: ["en", "zh", "ja"],
    teamNames: ["APAC North", "APAC South", "APAC Enterprise", "APAC Growth", "APAC Central"],
    cities: [
      { city: "Singapore", country: "Singapore", latitude: 1.3521, longitude: 103.8198 },
      { city: "Hong Kong", country: "China", latitude: 22.3193, longitude: 114.1694 },
      { city: "Shanghai", country: "China", latitude: 31.2304, longitude: 121.4737 },
      { city: "Tokyo", country: "Japan", latitude: 35.6762, longitude: 139.6503 },
      { city: "Seoul", country: "Korea", latitude: 37.5665, longitude: 126.978 },
      { city: "Sydney", country: "Australia", latitude: -33.8688, longitude: 151.2093 },
      { city: "Manila", country: "Philippines", latitude: 14.5995, longitude: 120.9842 },
    ],
  },
];

export const SECTORS = [
  "technology",
  "medical",
  "retail",
  "finance",
  "marketing",
  "software",
  "telecommunications",
  "entertainment",
  "services",
  "employment",
] as const;

export const LEAD_SOURCES = ["web form", "inbound call", "trade show", "partner referral", "webinar", "chat"] as const;

export const FIRST_NAMES = [
  "Anna", "Boris", "Carla", "Daniel", "Elena", "Farid", "Grace", "Hugo", "Ines", "Jonas",
  "Keiko", "Liam", "Maya", "Nadia", "Oscar", "Priya", "Quentin", "Rosa", "Samir", "Tessa",
  "Umar", "Vera", "Wei", "Ximena", "Yusuf", "Zoe", "Amara", "Bruno", "Chloe", "Dmitri",
  "Emma", "Felix", "Gina", "Hiro", "Irene", "Jamal", "Kira", "Lucas", "Mila", "Nico",
  "Olga", "Pablo", "Ruth", "Sven", "Tariq", "Ulla", "Victor", "Wanda", "Yara", "Zane",
  "Aiko", "Bianca", "Chen", "Diego", "Eva", "Fatima", "Gustav", "Hana", "Ivan", "Julia",
] as const;

export const LAST_NAMES = [
  "Andersen", "Baptiste", "Castro", "Dubois", "Eriksson", "Fischer", "Garcia", "Hoffmann", "Ito", "Jansen",
  "Kowalski", "Laurent", "Moreau", "Nakamura", "Okafor", "Petrov", "Quinn", "Rossi", "Schmidt", "Tanaka",
  "Ulrich", "Varga", "Weber", "Xu", "Yilmaz", "Zimmermann", "Almeida", "Bianchi", "Costa", "Dimitrov",
  "Engel", "Ferreira", "Gallo", "Haddad", "Iqbal", "Jovanovic", "Kim", "Lindqvist", "Mendes", "Novak",
  "Olsen", "Park", "Ribeiro", "Santos", "Tran", "Ueda", "Vogel", "Wagner", "Yamamoto", "Zhang",
  "Ahmed", "Brennan", "Chopra", "Delgado", "Esposito", "Fontaine", "Gruber", "Horvath", "Ivanova", "Keller",
] as const;

export const ACCOUNT_STEMS = [
  "Acme", "Beta", "Bio", "Blue", "Cancity", "Code", "Con", "Dal", "Don", "Fase",
  "Fin", "Gen", "Globe", "Gold", "Green", "Groove", "Hat", "Hot", "Ini", "Iso",
  "Kan", "Kin", "Lab", "Lexi", "Mat", "Nam", "New", "Onto", "Open", "Plex",
  "Plus", "Ran", "Ron", "Scot", "Sil", "Son", "Stan", "Stat", "Sun", "Tough",
  "Tree", "Umbra", "Vex", "Ware", "Xen", "Year", "Zat", "Zen", "Zoom", "Zot",
] as const;

export const ACCOUNT_ENDINGS = [
  "tech", "holding", "plex", "zim", "com", "ware", "quote", "zap", "dex", "trix",
  "ex", "ity", "labs", "works", "soft", "line", "core", "net", "tron", "ics",
] as const;

export const ACCOUNT_FORMS = ["", " Group", " Corporation", " & Co", " Systems", " Partners"] as const;

export const NEXT_STEPS = [
  "Book a demo with the IT lead",
  "Send the revised proposal",
  "Call the CFO to confirm budget",
  "Run the technical validation workshop",
  "Agree the pilot success criteria",
  "Introduce our solution architect",
  "Confirm the decision timeline",
  "Share the reference customer case",
] as const;

export const MUTUAL_ACTION_PLANS = [
  "1) Pilot sign-off 2) Security review 3) Legal review 4) Signature",
  "1) Technical validation 2) Business case to the board 3) Order",
  "1) Discovery workshop 2) Joint business case 3) Procurement 4) Kick-off",
  "1) Reference call 2) Commercial proposal 3) Executive sponsor meeting 4) Signature",
] as const;

export const STRATEGIES = [
  "Land with the operations team, expand to the group after the pilot",
  "Executive sponsor is the COO; position on total cost of ownership against the incumbent",
  "Win the technical evaluation first; the CFO signs off if payback is under a year",
  "Multi-thread: IT, finance and the business owner each get their own business case",
] as const;
