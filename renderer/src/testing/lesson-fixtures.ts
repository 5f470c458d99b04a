/**
 * A small lesson in both languages, shaped as the parser gives it, for the learn panel's tests:
 * two steps (commands, a hint, spotlights, a "what just happened" line) and a finish page.
 */
import type { Lesson, LessonLanguage, Inline } from '../../../shared/lessons/model';

const text = (value: string): Inline => ({ type: 'text', text: value });
const code = (value: string): Inline => ({ type: 'code', text: value });
const CREATE = 'kubectl create deployment kubernetes-bootcamp --image=gcr.io/google-samples/kubernetes-bootcamp:v1';

export function deployLesson(language: LessonLanguage = 'en'): Lesson {
  const ko = language === 'ko';
  return {
    id: 'deploy-app',
    language,
    title: ko ? '앱 배포하기' : 'Deploy an app',
    level: 'beginner',
    minutes: 10,
    order: 1,
    setup: { nodes: 1, objects: [], files: {} },
    intro: [{ type: 'paragraph', inlines: [text(ko ? '이 레슨에서는 디플로이먼트를 만듭니다.' : 'In this lesson you create a Deployment.')] }],
    steps: [
      {
        id: 'create-deployment',
        title: ko ? '디플로이먼트 만들기' : 'Create a Deployment',
        body: [
          { type: 'paragraph', inlines: [text(ko ? '터미널에 다음 명령을 입력하세요. ' : 'Type this in the terminal. '), { type: 'strong', children: [text(ko ? '천천히' : 'Slowly')] }, text('. '), { type: 'link', href: 'https://kubernetes.io/docs/', children: [text(ko ? '문서' : 'Docs')] }, text(' '), { type: 'link', href: 'javascript:alert(1)', children: [text('bad')] }] },
          { type: 'code', lang: 'sh', text: CREATE, run: true },
          { type: 'code', lang: 'sh', text: 'kubectl get deployments', run: false },
          { type: 'note', tone: 'warning', inlines: [text(ko ? '이미지 이름을 정확히 쓰세요.' : 'Spell the image exactly.')] },
        ],
        check: { objects: { kind: 'Deployment', namespace: 'default', name: 'kubernetes-bootcamp' } },
        hints: [{ id: 'wrong-image', when: { objects: { kind: 'Deployment', name: 'kubernetes-bootcamp' } }, text: [text(ko ? '이미지가 다릅니다. ' : 'The image is another one. '), code('kubectl delete deployment kubernetes-bootcamp')] }],
        spotlights: [
          { target: 'panel', panel: 'terminal' },
          { target: 'pod', labelSelector: 'app=kubernetes-bootcamp' },
          { target: 'node', name: 'minikube' },
        ],
        done: [text(ko ? '디플로이먼트 컨트롤러가 레플리카셋을 만들었습니다.' : 'The Deployment controller made a ReplicaSet.')],
        wrong: [{ commands: [`${CREATE.replace(':v1', ':v9')}`], hint: 'wrong-image' }],
        solution: [CREATE],
      },
      {
        id: 'expose',
        title: ko ? '서비스로 노출하기' : 'Expose it',
        body: [{ type: 'code', lang: 'sh', text: 'kubectl expose deployment kubernetes-bootcamp --type=NodePort --port=8080', run: true }],
        check: { objects: { kind: 'Service', name: 'kubernetes-bootcamp' } },
        hints: [],
        spotlights: [{ target: 'service', name: 'kubernetes-bootcamp' }, { target: 'panel', panel: 'events' }],
        done: [text(ko ? '서비스가 파드를 골랐습니다.' : 'The Service picked the pod.')],
        wrong: [],
        solution: ['kubectl expose deployment kubernetes-bootcamp --type=NodePort --port=8080'],
      },
    ],
    finish: [{ type: 'paragraph', inlines: [text(ko ? '잘했습니다!' : 'Well done!')] }],
  };
}
