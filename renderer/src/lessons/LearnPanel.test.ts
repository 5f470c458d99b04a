// The learn panel against an in-memory lessons service: first launch, the list, a lesson's steps,
// Run, hints, done lines, going back, the finish page, spotlights and the language.
import { cleanup, fireEvent, render, within } from '@testing-library/svelte';
import { tick } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { deployLesson } from '../testing/lesson-fixtures';
import { createFakeLessons } from '../testing/fake-lessons';
import { setLocale } from '../i18n/i18n.svelte';
import { terminalInput } from '../terminal/terminal-input';
import LearnPanel from './LearnPanel.svelte';
import { LessonsStore } from './lessons-store.svelte';
import { Spotlights } from './spotlight.svelte';

async function open(options: { firstLaunch?: boolean } = {}) {
  const fake = createFakeLessons((language) => [deployLesson(language), { ...deployLesson(language), id: 'scale-app', title: language === 'ko' ? '앱 확장하기' : 'Scale an app', order: 2 }], options);
  const spotlights = new Spotlights();
  const rewound: string[] = [];
  const store = new LessonsStore(fake.client, spotlights, { onRewound: async () => void rewound.push('reloaded') });
  await store.follow();
  const view = render(LearnPanel, { store, onhide: () => undefined });
  await tick();
  return { fake, store, spotlights, view, rewound };
}

const steps = (container: HTMLElement) => [...container.querySelectorAll('[data-testid="lesson-step"]')].map((li) => [li.getAttribute('data-step-id'), li.getAttribute('data-state'), li.getAttribute('aria-current')]);
const settle = async () => {
  await Promise.resolve();
  await tick();
};

afterEach(() => {
  cleanup();
  setLocale('en');
});

describe('LearnPanel', () => {
  it('offers the first lesson on first launch; "Not now" dismisses it', async () => {
    const { fake, view } = await open({ firstLaunch: true });
    const card = view.getByTestId('start-here');
    expect(card.textContent).toContain('Deploy an app');
    await fireEvent.click(within(card).getByRole('button', { name: 'Not now' }));
    await settle();
    expect(fake.calls.map((c) => c.method)).toContain('dismissFirstLaunch');
    expect(view.queryByTestId('start-here')).toBeNull();
  });

  it('lists every lesson with its progress, in order', async () => {
    const { view } = await open();
    const cards = view.getAllByTestId('lesson');
    expect(cards.map((card) => card.getAttribute('data-lesson-id'))).toEqual(['deploy-app', 'scale-app']);
    expect(cards[0]!.textContent).toContain('0 of 2 steps done');
    expect(within(cards[0]!).getByRole('button', { name: 'Start the lesson Deploy an app' })).toBeTruthy();
    expect(view.getByRole('list', { name: 'Lessons' })).toBeTruthy();
  });

  it('starts a lesson from "Start here" and draws its steps, text and commands from the model', async () => {
    const { fake, view, spotlights } = await open({ firstLaunch: true });
    await fireEvent.click(view.getByTestId('start-here-start'));
    await settle();
    expect(fake.calls.find((c) => c.method === 'start')?.arg).toEqual({ lessonId: 'deploy-app' });
    expect(steps(view.container)).toEqual([
      ['create-deployment', 'active', 'step'],
      ['expose', 'todo', null],
    ]);
    const step = view.getByTestId('active-step');
    const link = within(step).getByRole('link', { name: 'Docs' });
    expect(link.getAttribute('href')).toBe('https://kubernetes.io/docs/');
    expect(link.getAttribute('rel')).toContain('noopener');
    // A javascript: link is shown as text, not as a link.
    expect(within(step).queryByRole('link', { name: 'bad' })).toBeNull();
    expect(step.textContent).toContain('bad');
    expect(step.querySelector('strong')?.textContent).toBe('Slowly');
    expect(within(step).getByRole('note').textContent).toContain('Spell the image exactly.');
    // Only `run` blocks have a Run button.
    expect(within(step).getAllByTestId('code-block')).toHaveLength(2);
    expect(within(step).getAllByTestId('run-command')).toHaveLength(1);
    expect(spotlights.panel('terminal')).toBe(true);
    expect(spotlights.node('minikube')).toBe(true);
  });

  it('Run types the command into the terminal and says so', async () => {
    const { view, store } = await open();
    await store.start('deploy-app');
    await tick();
    const typed: string[] = [];
    const detach = terminalInput.attach((command) => (typed.push(command), true));
    await fireEvent.click(view.getByTestId('run-command'));
    detach();
    expect(typed).toEqual(['kubectl create deployment kubernetes-bootcamp --image=gcr.io/google-samples/kubernetes-bootcamp:v1']);
    expect(view.getByTestId('active-step').textContent).toContain('Typed into the terminal.');
  });

  it('shows hints after a failed try, or when asked; reset reloads the drawing', async () => {
    const { fake, view, store, rewound } = await open();
    await store.start('deploy-app');
    await tick();
    expect(view.queryByTestId('lesson-hints')).toBeNull();
    await fireEvent.click(view.getByTestId('lesson-hint-button'));
    await settle();
    expect(fake.calls.map((c) => c.method)).toContain('hint');
    expect(view.getByTestId('lesson-hints').textContent).toContain('No hint fits');
    fake.failTry(['wrong-image']);
    await tick();
    const hint = view.getByTestId('lesson-hint');
    expect(hint.getAttribute('data-hint-id')).toBe('wrong-image');
    expect(hint.querySelector('code')?.textContent).toBe('kubectl delete deployment kubernetes-bootcamp');
    await fireEvent.click(view.getByTestId('lesson-reset'));
    await settle();
    expect(fake.calls.map((c) => c.method)).toContain('resetStep');
    // The drawing reloads the rewound cluster.
    expect(rewound).toEqual(['reloaded']);
  });

  it('announces a step turning done, moves on, and goes back to a done step', async () => {
    const { fake, view, store, spotlights } = await open();
    await store.start('deploy-app');
    await tick();
    fake.completeStep();
    await tick();
    expect(steps(view.container)).toEqual([
      ['create-deployment', 'done', null],
      ['expose', 'active', 'step'],
    ]);
    const announcer = view.getByTestId('lesson-announcer');
    expect(announcer.getAttribute('aria-live')).toBe('polite');
    expect(announcer.textContent).toContain('The Deployment controller made a ReplicaSet.');
    expect(spotlights.service('kubernetes-bootcamp', undefined)).toBe(true);
    expect(spotlights.panel('terminal')).toBe(false);
    await fireEvent.click(within(view.getAllByTestId('lesson-step')[0]!).getByRole('button'));
    await settle();
    expect(fake.calls.filter((c) => c.method === 'goTo').map((c) => c.arg)).toEqual([{ stepId: 'create-deployment' }]);
    // The done step shows its line again and offers the next step.
    expect(view.getByTestId('step-done-line').textContent).toContain('made a ReplicaSet');
    expect(view.getByTestId('lesson-next')).toBeTruthy();
  });

  it('shows the finish page once every step is done, and goes back to all lessons', async () => {
    const { fake, view, store, spotlights } = await open();
    await store.start('deploy-app');
    fake.completeStep();
    fake.completeStep();
    await tick();
    expect(view.getByTestId('lesson-finish').textContent).toContain('Well done!');
    expect(spotlights.list).toEqual([]);
    await fireEvent.click(within(view.getByTestId('lesson-finish')).getByRole('button', { name: 'All lessons' }));
    await settle();
    expect(view.getAllByTestId('lesson')[0]!.textContent).toContain('2 of 2 steps done');
  });

  it('follows the UI language and draws the Korean lesson with Korean UI text', async () => {
    const { fake, view, store } = await open();
    setLocale('ko');
    store.useLanguage('ko');
    await settle();
    expect(fake.calls.find((c) => c.method === 'setLanguage')?.arg).toEqual({ language: 'ko' });
    await store.start('deploy-app');
    await tick();
    expect(view.getByTestId('lesson-title').textContent).toBe('앱 배포하기');
    expect(view.getByTestId('active-step').textContent).toContain('2단계 중 1단계');
    expect(view.getByTestId('run-command').textContent).toContain('실행');
  });

  it('says lessons are unavailable when the main process has no lessons service', async () => {
    const store = new LessonsStore(undefined, new Spotlights());
    await store.follow();
    const view = render(LearnPanel, { store, onhide: () => undefined });
    expect(view.getByTestId('lessons-unavailable')).toBeTruthy();
  });
});
