import {
  Activity,
  Briefcase,
  Cable,
  GitCompareArrows,
  Settings as SettingsIcon,
  ScrollText,
  Send,
  ShieldCheck,
  Users,
  Workflow,
  type LucideIcon,
} from 'lucide-react';

export interface NavItem {
  path: string;
  label: string;
  icon: LucideIcon;
}

/** The main sections, in the order an admin meets them: connect, map, then work and watch. */
export const NAV_ITEMS: NavItem[] = [
  { path: '/connections', label: 'Connections', icon: Cable },
  { path: '/mapping', label: 'Stage mapping', icon: GitCompareArrows },
  { path: '/flows', label: 'Flows', icon: Workflow },
  { path: '/jobs', label: 'Jobs', icon: Briefcase },
  { path: '/candidates', label: 'Candidates', icon: Users },
  { path: '/outbox', label: 'Outbox', icon: Send },
  { path: '/log', label: 'Sync log', icon: ScrollText },
  { path: '/health', label: 'Sync health', icon: Activity },
  { path: '/audit', label: 'Audit trail', icon: ShieldCheck },
  { path: '/settings', label: 'Settings', icon: SettingsIcon },
];
