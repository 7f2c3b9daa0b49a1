import type { FakeUser } from './directory';

/** The group whose members Guichet serves in the demo (`userFilter`). */
export const demoStaffGroupId = '5f1e7a52-2c3b-4d8e-9a61-0c7d3b2e9f10';

/**
 * The embedded directory's demo staff (electron/core/backends/embedded/DEMO-USERS.md) as Entra accounts, plus
 * the cases only Entra has: an administrator, an account synchronized from on-premises AD, a sign-in blocked by
 * Conditional Access, and somebody outside the staff group. Phones are written the way Graph stores them.
 */
export const demoUsers: FakeUser[] = [
  {
    id: '0b3f8a1e-5c2d-4e7f-9a10-1d2e3f4a5b6c',
    userPrincipalName: 'nadia.benali@univ-demo.ma',
    displayName: 'Nadia Benali',
    mail: 'nadia.benali@univ-demo.ma',
    password: 'Bienvenue2025!',
    groups: [demoStaffGroupId],
  },
  {
    id: '1c4a9b2f-6d3e-4f80-8b21-2e3f4a5b6c7d',
    userPrincipalName: 'youssef.alaoui@univ-demo.ma',
    displayName: 'Youssef Alaoui',
    mail: 'youssef.alaoui@univ-demo.ma',
    password: 'Bienvenue2025!',
    groups: [demoStaffGroupId],
    phoneMethods: [{ phoneType: 'mobile', phoneNumber: '+212 612345678' }],
  },
  {
    id: '2d5b0c3a-7e4f-4091-9c32-3f4a5b6c7d8e',
    userPrincipalName: 'salma.idrissi@univ-demo.ma',
    displayName: 'Salma Idrissi',
    mail: 'salma.idrissi@univ-demo.ma',
    otherMails: ['salma.perso@gmail.com'],
    password: 'Maroc#2025pass',
    groups: [demoStaffGroupId],
    phoneMethods: [{ phoneType: 'mobile', phoneNumber: '+212 701071074' }],
    emailMethod: 'salma.perso@gmail.com',
  },
  {
    id: '3e6c1d4b-8f5a-41a2-8d43-4a5b6c7d8e9f',
    userPrincipalName: 'karim.tazi@univ-demo.ma',
    displayName: 'Karim Tazi',
    mail: 'karim.tazi@univ-demo.ma',
    password: 'Bienvenue2025!',
    accountEnabled: false,
    groups: [demoStaffGroupId],
    phoneMethods: [{ phoneType: 'mobile', phoneNumber: '+212 661987654' }],
  },
  {
    id: '4f7d2e5c-9a6b-42b3-9e54-5b6c7d8e9fa0',
    userPrincipalName: 'admin.it@univ-demo.ma',
    displayName: 'Admin IT',
    mail: 'admin.it@univ-demo.ma',
    password: 'Bienvenue2025!',
    groups: [demoStaffGroupId],
    directoryRoles: ['Global Administrator'],
    phoneMethods: [{ phoneType: 'mobile', phoneNumber: '+212 708091011' }],
  },
  {
    id: '5a8e3f6d-0b7c-43c4-8f65-6c7d8e9fa0b1',
    userPrincipalName: 'omar.berrada@univ-demo.ma',
    displayName: 'Omar Berrada',
    mail: 'omar.berrada@univ-demo.ma',
    password: 'Bienvenue2025!',
    groups: [demoStaffGroupId],
    onPremisesSyncEnabled: true,
    phoneMethods: [{ phoneType: 'mobile', phoneNumber: '+212 622334455' }],
  },
  {
    id: '6b9f4a7e-1c8d-44d5-9a76-7d8e9fa0b1c2',
    userPrincipalName: 'leila.amrani@univ-demo.ma',
    displayName: 'Leila Amrani',
    mail: 'leila.amrani@univ-demo.ma',
    password: 'Bienvenue2025!',
    groups: [demoStaffGroupId],
    signInBlocked: true,
  },
  {
    id: '7ca05b8f-2d9e-45e6-8b87-8e9fa0b1c2d3',
    userPrincipalName: 'etudiant.test@univ-demo.ma',
    displayName: 'Étudiant Test',
    mail: 'etudiant.test@univ-demo.ma',
    password: 'Bienvenue2025!',
  },
];
