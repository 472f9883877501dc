import { expect, type Page } from '@playwright/test';

/** Logs in through the login screen, as a person would. */
export async function logIn(page: Page, baseUrl: string, email: string) {
  await page.goto(baseUrl + '/');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('onpoint-demo');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('heading', { name: 'Incidents' })).toBeVisible();
}

/** Settings → name the device → Enable notifications (the push subscription is the stubbed one). */
export async function enableNotifications(page: Page, deviceName: string) {
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByLabel('Device name').fill(deviceName);
  await page.getByRole('button', { name: 'Enable notifications on this device' }).click();
  await expect(page.getByText(`✓ This device gets pages (${deviceName})`)).toBeVisible();
}
