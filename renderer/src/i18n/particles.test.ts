import { describe, expect, it } from 'vitest';
import { finalSound, particle, resolveParticles } from './particles';

describe('Korean particles', () => {
  it('reads Hangul syllables by their final consonant', () => {
    expect(particle('노드', '(이)가')).toBe('가');
    expect(particle('레플리카셋', '(이)가')).toBe('이');
    expect(particle('서비스', '(을)를')).toBe('를');
    expect(particle('파일', '(으)로')).toBe('로'); // ㄹ takes 로
    expect(particle('이름', '(으)로')).toBe('으로');
  });

  it('reads numbers as Korean says them', () => {
    expect(particle('2', '(이)가')).toBe('가'); // 이
    expect(particle('3', '(이)가')).toBe('이'); // 삼
    expect(particle('7', '(으)로')).toBe('로'); // 칠
    expect(particle('6', '(으)로')).toBe('으로'); // 육
    expect(particle('10', '(은)는')).toBe('은'); // 십
    expect(particle('25%', '(은)는')).toBe('는'); // 퍼센트
  });

  it('reads names: the letters after a digit one by one, words by their ending', () => {
    expect(particle('minikube-m02', '(이)가')).toBe('가');
    expect(particle('kube-proxy-b87n8', '(을)를')).toBe('을'); // …팔
    expect(particle('web-5f84b7585b', '(을)를')).toBe('를'); // …비
    expect(particle('node.kubernetes.io/unreachable', '(이)가')).toBe('이'); // 언리처블
    expect(particle('NoExecute', '(을)를')).toBe('를');
    expect(particle('kubelet', '(이)가')).toBe('이');
    expect(particle('web', '(을)를')).toBe('을');
    expect(finalSound('`nodeName`')).toBe('other');
  });

  it('resolves every marker in a sentence by the word before it', () => {
    expect(resolveParticles('레플리카셋 web-6db986b4d4(을)를 만들고 minikube-m03(이)가 `cpu`(이)가 부족하고 리비전 3(으)로 넘어갑니다')).toBe(
      '레플리카셋 web-6db986b4d4를 만들고 minikube-m03이 `cpu`가 부족하고 리비전 3으로 넘어갑니다',
    );
    expect(resolveParticles('no markers (here)')).toBe('no markers (here)');
  });
});
