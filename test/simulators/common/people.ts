import type { SeededRandom } from './random';

const FIRST = [
  'Ada',
  'Amara',
  'Ananya',
  'Ben',
  'Carlos',
  'Chen',
  'Chloé',
  'Dmitri',
  'Elena',
  'Emeka',
  'Fatima',
  'Freya',
  'Hiroshi',
  'Ines',
  'Isaac',
  'Jamal',
  'Jana',
  'Kai',
  'Kenji',
  'Lena',
  'Liam',
  'Lucía',
  'Maya',
  'Mateo',
  'Mei',
  'Nadia',
  'Noah',
  'Olu',
  'Priya',
  'Rafael',
  'Sara',
  'Sofia',
  'Tariq',
  'Thandiwe',
  'Tomás',
  'Valentina',
  'Wei',
  'Yara',
  'Yusuf',
  'Zoë',
  'Łukasz',
  'Søren',
];
const LAST = [
  'Abara',
  'Andersen',
  'Bianchi',
  'Chowdhury',
  'Costa',
  'Dubois',
  'Eriksson',
  'Fernández',
  'García',
  'Haddad',
  'Ivanova',
  'Jensen',
  'Kowalski',
  'Kim',
  'Li',
  'Müller',
  'Nakamura',
  'Nguyen',
  'Novak',
  'Okafor',
  'Oliveira',
  "O'Brien",
  'Patel',
  'Quispe',
  'Rossi',
  'Santos',
  'Schmidt',
  'Singh',
  'Tanaka',
  'Tremblay',
  'Van der Berg',
  'Wójcik',
  'Yilmaz',
  'Zhang',
];
const COMPANIES = [
  'Acme Corp',
  'Northwind',
  'Globex',
  'Initech',
  'Umbrella Labs',
  'Hooli',
  'Stark Industries',
  'Wayne Enterprises',
  'Vandelay Industries',
  'Soylent',
  'Cyberdyne',
  'Tyrell',
  'Monarch Solutions',
];
const CITIES = [
  'Berlin',
  'Lisbon',
  'London',
  'Lagos',
  'New York',
  'San Francisco',
  'Toronto',
  'São Paulo',
  'Bangalore',
  'Tokyo',
  'Warsaw',
  'Remote',
];
export const DEPARTMENTS = [
  'Engineering',
  'Product',
  'Design',
  'Sales',
  'Marketing',
  'Operations',
  'People',
];
export const JOB_TITLES = [
  'Senior Backend Engineer',
  'Staff Frontend Engineer',
  'Product Designer',
  'Data Scientist',
  'Account Executive',
  'Engineering Manager',
  'Site Reliability Engineer',
  'Product Manager',
  'Recruiting Coordinator',
  'Customer Success Manager',
  'Mobile Engineer',
  'Security Engineer',
];

export interface Person {
  name: string;
  email: string;
  phone: string;
  company: string;
  city: string;
  linkedIn: string;
}

/** A realistic, unique person: the index makes the email unique across a tenant. */
export function person(rng: SeededRandom, index: number): Person {
  const first = rng.pick(FIRST);
  const last = rng.pick(LAST);
  const slug = slugOf(first, last);
  return {
    name: `${first} ${last}`,
    email: `${slug}.${index}@example.com`,
    phone: `+1555${String(1_000_000 + index).slice(-7)}`,
    company: rng.pick(COMPANIES),
    city: rng.pick(CITIES),
    linkedIn: `https://www.linkedin.com/in/${slug.replace('.', '-')}-${index}`,
  };
}

// Tenants of 100k people call this per record: the few hundred name pairs are slugged once.
const slugs = new Map<string, string>();

function slugOf(first: string, last: string): string {
  const key = `${first}.${last}`;
  let slug = slugs.get(key);
  if (slug === undefined) {
    slug = key
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^A-Za-z.]/g, '')
      .toLowerCase();
    slugs.set(key, slug);
  }
  return slug;
}
